package io.autoagent.infra.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.util.Map;
import java.util.Queue;

/**
 * {@link KubernetesMixedDispatcher}'s dispatch (a request with a pending expectation gets it,
 * everything else goes to CRUD) over a CRUD dispatcher the caller holds: fabric8's keeps its own
 * private, and {@link StoreCreator} needs it.
 */
final class MixedDispatcher extends Dispatcher {

  private final Map<ServerRequest, Queue<ServerResponse>> responses;
  private final MockDispatcher expectations;
  private final KubernetesCrudDispatcher crud;
  private final RequestLog log;

  MixedDispatcher(
      Map<ServerRequest, Queue<ServerResponse>> responses,
      KubernetesCrudDispatcher crud,
      RequestLog log) {
    this.responses = responses;
    this.log = log;
    this.expectations = new MockDispatcher(responses);
    this.crud = crud;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    long start = System.nanoTime();
    Queue<ServerResponse> pending =
        responses.get(
            new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
    try {
      return pending != null && !pending.isEmpty()
          ? expectations.dispatch(request)
          : crud.dispatch(request);
    } finally {
      log.record(start, request.getMethod(), request.getPath(), System.nanoTime() - start);
    }
  }

  @Override
  public void shutdown() {
    expectations.shutdown();
    crud.shutdown();
  }

  @Override
  public void releaseResources() {
    expectations.releaseResources();
    crud.releaseResources();
  }
}
