package io.autoagent.tools.gitops;

import static io.autoagent.tools.gitops.YamlDocuments.blockWithEntries;
import static io.autoagent.tools.gitops.YamlDocuments.empty;
import static io.autoagent.tools.gitops.YamlDocuments.index;
import static io.autoagent.tools.gitops.YamlDocuments.tuple;

import io.autoagent.core.PermanentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Edits one field of a Kubernetes object in a (multi-document) YAML file in place: the scalar's
 * text is replaced where SnakeYAML's marks say it is, and every other byte (comments, ordering,
 * quoting, other documents) stays as it was. A missing {@code resources.limits.memory} or {@code
 * spec.replicas} is added with the file's own indentation. Pure functions; thread-safe.
 */
public final class ManifestEditor {

  private static final Pattern PLAIN_SAFE =
      Pattern.compile("[A-Za-z0-9_./@+-][A-Za-z0-9_./:@+=-]*");

  private ManifestEditor() {}

  /** The edited text and its unified diff (empty when nothing changed). */
  public record Result(String text, String diff) {
    public boolean changed() {
      return !diff.isEmpty();
    }
  }

  /**
   * Whether {@code yaml} declares {@code kind} {@code name} (in {@code namespace}, when it says
   * one).
   */
  public static boolean declares(String yaml, String kind, String name, String namespace) {
    return YamlDocuments.find(yaml, kind, name, namespace).isPresent();
  }

  /**
   * Applies {@code edits} in order to the object's document.
   *
   * @throws PermanentException when the object, its pod spec or a named container is not in the
   *     file, or the field sits in a flow-style mapping that cannot be edited in place
   */
  public static Result edit(
      String path, String yaml, String kind, String name, String namespace, List<FieldEdit> edits) {
    String text = yaml;
    for (FieldEdit edit : edits) {
      MappingNode doc =
          YamlDocuments.find(text, kind, name, namespace)
              .orElseThrow(
                  () -> new PermanentException(path + " does not declare " + kind + " " + name));
      text = apply(text, doc, edit, path);
    }
    return new Result(text, diff(path, yaml, text));
  }

  private static String apply(String text, MappingNode doc, FieldEdit edit, String path) {
    Writer w = new Writer(text, YamlDocuments.step(doc), path);
    return switch (edit) {
      case FieldEdit.Replicas r -> {
        NodeTuple spec = tuple(doc, "spec").orElseThrow(() -> w.missing("spec"));
        yield w.set(spec, "replicas", String.valueOf(r.replicas()));
      }
      case FieldEdit.Image i -> {
        MappingNode c = container(doc, i.container(), w);
        NodeTuple image =
            tuple(c, "image").orElseThrow(() -> w.missing("image of container " + i.container()));
        yield w.replace((ScalarNode) image.getValueNode(), i.image());
      }
      case FieldEdit.MemoryLimit m -> w.memory(container(doc, m.container(), w), m.quantity());
    };
  }

  private static MappingNode container(MappingNode doc, String name, Writer w) {
    MappingNode pod = YamlDocuments.podSpec(doc).orElseThrow(() -> w.missing("pod template spec"));
    return YamlDocuments.container(pod, name)
        .orElseThrow(() -> w.missing(name == null ? "containers" : "container " + name));
  }

  /** The unified diff of two versions of {@code path}; empty when they are equal. */
  public static String diff(String path, String before, String after) {
    RawText a = new RawText(before.getBytes(StandardCharsets.UTF_8));
    RawText b = new RawText(after.getBytes(StandardCharsets.UTF_8));
    EditList edits =
        DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
            .diff(RawTextComparator.DEFAULT, a, b);
    if (edits.isEmpty()) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DiffFormatter formatter = new DiffFormatter(out)) {
      formatter.format(edits, a, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "--- a/" + path + "\n+++ b/" + path + "\n" + out.toString(StandardCharsets.UTF_8);
  }

  /** Text surgery on one version of the file. */
  private record Writer(String text, int step, String path) {

    PermanentException missing(String what) {
      return new PermanentException(path + ": the object has no " + what);
    }

    /** Sets {@code key} under the mapping of {@code parent}, adding it when absent. */
    String set(NodeTuple parent, String key, String value) {
      Node map = parent.getValueNode();
      Optional<NodeTuple> existing =
          map instanceof MappingNode m ? tuple(m, key) : Optional.empty();
      if (existing.isPresent() && existing.get().getValueNode() instanceof ScalarNode s) {
        return replace(s, value);
      }
      return addChild(parent, List.of(key + ": " + plain(value)));
    }

    String memory(MappingNode container, String quantity) {
      Optional<NodeTuple> resources = tuple(container, "resources");
      if (resources.isEmpty()) {
        return addSibling(
            container,
            List.of("resources:", pad(1) + "limits:", pad(2) + "memory: " + plain(quantity)));
      }
      Node resValue = resources.get().getValueNode();
      Optional<NodeTuple> limits =
          resValue instanceof MappingNode m ? tuple(m, "limits") : Optional.empty();
      if (limits.isEmpty()) {
        return addChild(resources.get(), List.of("limits:", pad(1) + "memory: " + plain(quantity)));
      }
      return set(limits.get(), "memory", quantity);
    }

    /** Replaces a scalar's text, keeping its quoting style. */
    String replace(ScalarNode node, String value) {
      if (value.equals(node.getValue())) {
        return text;
      }
      int start = index(text, node.getStartMark());
      int end = index(text, node.getEndMark());
      return text.substring(0, start) + render(value, node.getScalarStyle()) + text.substring(end);
    }

    /** Adds {@code lines} as the first entries of the mapping under {@code parent}'s key. */
    private String addChild(NodeTuple parent, List<String> lines) {
      Node value = parent.getValueNode();
      int keyColumn = parent.getKeyNode().getStartMark().getColumn();
      int keyEnd = index(text, parent.getKeyNode().getEndMark());
      if (blockWithEntries(value)) {
        int indent =
            ((MappingNode) value).getValue().get(0).getKeyNode().getStartMark().getColumn();
        return insertAfterLine(text, keyEnd, indent, lines);
      }
      if (!empty(value)) {
        throw new PermanentException(
            path
                + ": cannot add to the flow-style or non-mapping value of "
                + ((ScalarNode) parent.getKeyNode()).getValue()
                + "; edit it by hand");
      }
      String cut = text;
      int start = index(text, value.getStartMark());
      int end = index(text, value.getEndMark());
      if (end > start && start >= keyEnd) {
        // "resources: {}" or "limits: ~" becomes "resources:" followed by the new block
        cut = text.substring(0, keyEnd) + ":" + text.substring(end);
      }
      return insertAfterLine(cut, keyEnd, keyColumn + step, lines);
    }

    /** Adds {@code lines} as entries of {@code map}, after its first single-line scalar entry. */
    private String addSibling(MappingNode map, List<String> lines) {
      for (NodeTuple t : map.getValue()) {
        if (t.getValueNode() instanceof ScalarNode s
            && s.getStartMark().getLine() == s.getEndMark().getLine()) {
          int indent = t.getKeyNode().getStartMark().getColumn();
          return insertAfterLine(text, index(text, s.getEndMark()), indent, lines);
        }
      }
      throw new PermanentException(
          path + ": found no place to add " + lines.get(0) + "; edit it by hand");
    }

    private String pad(int levels) {
      return " ".repeat(step * levels);
    }
  }

  private static String insertAfterLine(String text, int from, int indent, List<String> lines) {
    String eol = text.contains("\r\n") ? "\r\n" : "\n";
    int lineEnd = text.indexOf('\n', from);
    if (lineEnd < 0) {
      lineEnd = text.length();
    } else if (lineEnd > 0 && text.charAt(lineEnd - 1) == '\r') {
      lineEnd--;
    }
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      out.add(eol + " ".repeat(indent) + line);
    }
    return text.substring(0, lineEnd) + String.join("", out) + text.substring(lineEnd);
  }

  private static String render(String value, ScalarStyle style) {
    return switch (style) {
      case SINGLE_QUOTED -> "'" + value.replace("'", "''") + "'";
      case PLAIN -> plain(value);
      default -> doubleQuoted(value);
    };
  }

  private static String plain(String value) {
    return PLAIN_SAFE.matcher(value).matches() ? value : doubleQuoted(value);
  }

  private static String doubleQuoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
