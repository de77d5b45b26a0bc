package io.autoagent.infra.eval;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * What the agent asks the Kubernetes API for, as RBAC sees it: every request to the mock API server
 * becomes an {@code apiGroup/resource:verb} rule ({@code GET} of a named object is {@code get}, of
 * a collection {@code list}, or {@code watch} with {@code watch=true}; {@code POST} create, {@code
 * PUT} update, {@code PATCH} patch, {@code DELETE} delete). Discovery ({@code /api}, {@code
 * /apis/<group>/<version>}) needs no rule and is left out.
 */
final class RequestedRbac {

  /** One RBAC permission: API group ({@code ""} for core), resource (with subresource), verb. */
  record Rule(String group, String resource, String verb) implements Comparable<Rule> {
    @Override
    public int compareTo(Rule o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return group + "/" + resource + ":" + verb;
    }
  }

  private RequestedRbac() {}

  /** The rule a request needs, or empty for discovery and non-resource paths. */
  static Optional<Rule> of(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    String[] p = path.replaceAll("^/+|/+$", "").split("/");
    String group;
    int i;
    if (p.length >= 2 && p[0].equals("api")) {
      group = "";
      i = 2; // api/v1/...
    } else if (p.length >= 3 && p[0].equals("apis")) {
      group = p[1];
      i = 3; // apis/group/version/...
    } else {
      return Optional.empty();
    }
    if (p.length > i + 1 && p[i].equals("namespaces")) {
      i += 2;
    } else if (p.length == i + 2 && p[i].equals("namespaces")) {
      return Optional.empty();
    }
    if (p.length <= i) {
      return Optional.empty(); // discovery of a group version
    }
    String resource = p[i];
    boolean named = p.length > i + 1;
    if (p.length > i + 2) {
      resource += "/" + p[i + 2];
    }
    String verb =
        switch (method.toUpperCase(java.util.Locale.ROOT)) {
          case "GET" ->
              named ? "get" : (query.matches("(.*&)?watch=(true|1)(&.*)?") ? "watch" : "list");
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method.toLowerCase(java.util.Locale.ROOT);
        };
    return Optional.of(new Rule(group, resource, verb));
  }

  /**
   * A mixed (CRUD and expectations) dispatcher that records the rule of every request once told to.
   */
  static final class RecordingDispatcher extends KubernetesMixedDispatcher {
    private final Set<Rule> rules = new ConcurrentSkipListSet<>();
    private volatile boolean recording;

    RecordingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
      super(responses);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (recording) {
        of(request.getMethod(), request.getPath()).ifPresent(rules::add);
      }
      return super.dispatch(request);
    }

    /** From now on, requests are recorded (after the seeding, which is not the agent's). */
    void startRecording() {
      recording = true;
    }

    Set<Rule> rules() {
      return new TreeSet<>(rules);
    }
  }
}
