package io.autoagent.tools.gitops;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The SnakeYAML node graph of a multi-document file, used only for its marks: where each node
 * starts and ends in the text. Nothing is ever serialized back, which is what keeps comments,
 * ordering and quoting intact.
 */
final class YamlDocuments {

  private YamlDocuments() {}

  /**
   * The document declaring {@code kind}/{@code name} (and {@code namespace}, when both say one).
   */
  static Optional<MappingNode> find(String yaml, String kind, String name, String namespace) {
    for (MappingNode doc : parse(yaml)) {
      Optional<MappingNode> metadata = mapping(doc, "metadata");
      String docNamespace = metadata.flatMap(m -> scalar(m, "namespace")).orElse(null);
      if (scalar(doc, "kind").filter(kind::equals).isPresent()
          && metadata.flatMap(m -> scalar(m, "name")).filter(name::equals).isPresent()
          && (docNamespace == null || namespace == null || docNamespace.equals(namespace))) {
        return Optional.of(doc);
      }
    }
    return Optional.empty();
  }

  /** Every mapping document; empty when the text is not YAML (a Helm template, say). */
  static List<MappingNode> parse(String yaml) {
    List<MappingNode> docs = new ArrayList<>();
    try {
      for (Node node : new Yaml(new LoaderOptions()).composeAll(new StringReader(yaml))) {
        if (node instanceof MappingNode m) {
          docs.add(m);
        }
      }
    } catch (YAMLException e) {
      return List.of();
    }
    return docs;
  }

  static Optional<NodeTuple> tuple(MappingNode map, String key) {
    for (NodeTuple t : map.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  static Optional<MappingNode> mapping(MappingNode map, String key) {
    return tuple(map, key)
        .map(NodeTuple::getValueNode)
        .filter(MappingNode.class::isInstance)
        .map(MappingNode.class::cast);
  }

  static Optional<String> scalar(MappingNode map, String key) {
    return tuple(map, key)
        .map(NodeTuple::getValueNode)
        .filter(ScalarNode.class::isInstance)
        .map(n -> ((ScalarNode) n).getValue());
  }

  /**
   * The pod template's spec of a workload ({@code spec.template.spec}, or a CronJob's job
   * template's).
   */
  static Optional<MappingNode> podSpec(MappingNode doc) {
    Optional<MappingNode> spec = mapping(doc, "spec");
    Optional<MappingNode> direct =
        spec.flatMap(s -> mapping(s, "template")).flatMap(t -> mapping(t, "spec"));
    return direct.isPresent()
        ? direct
        : spec.flatMap(s -> mapping(s, "jobTemplate"))
            .flatMap(j -> mapping(j, "spec"))
            .flatMap(s -> mapping(s, "template"))
            .flatMap(t -> mapping(t, "spec"));
  }

  /** The container named {@code name}, or the first one when {@code name} is null. */
  static Optional<MappingNode> container(MappingNode podSpec, String name) {
    Optional<Node> list = tuple(podSpec, "containers").map(NodeTuple::getValueNode);
    if (list.isEmpty() || !(list.get() instanceof SequenceNode seq)) {
      return Optional.empty();
    }
    for (Node item : seq.getValue()) {
      if (item instanceof MappingNode c
          && (name == null || scalar(c, "name").filter(name::equals).isPresent())) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** A mapping written as an indented block with at least one entry. */
  static boolean blockWithEntries(Node node) {
    return node instanceof MappingNode m
        && m.getFlowStyle() != DumperOptions.FlowStyle.FLOW
        && !m.getValue().isEmpty();
  }

  /** A value that holds nothing: {@code {}}, {@code ~}, {@code null} or nothing at all. */
  static boolean empty(Node node) {
    return (node instanceof MappingNode m && m.getValue().isEmpty())
        || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
  }

  /** The indentation step of the document: how far {@code metadata}'s entries sit under it. */
  static int step(MappingNode doc) {
    return tuple(doc, "metadata")
        .filter(t -> blockWithEntries(t.getValueNode()))
        .map(
            t ->
                ((MappingNode) t.getValueNode())
                        .getValue()
                        .get(0)
                        .getKeyNode()
                        .getStartMark()
                        .getColumn()
                    - t.getKeyNode().getStartMark().getColumn())
        .filter(s -> s > 0)
        .orElse(2);
  }

  /** The char index in {@code text} of a mark (SnakeYAML counts code points). */
  static int index(String text, Mark mark) {
    return text.offsetByCodePoints(0, Objects.requireNonNull(mark).getIndex());
  }
}
