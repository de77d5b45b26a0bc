package io.autoagent.tools.gitops;

/** A commented multi-document manifest as people write them. */
final class Manifests {

  static final String CHECKOUT =
      """
      # Checkout service, owned by the payments team.
      apiVersion: v1
      kind: Service
      metadata:
        name: checkout
        namespace: shop
      spec:
        ports: [{port: 80, targetPort: 8080}]
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: checkout   # the storefront's checkout
        namespace: shop
      spec:
        replicas: 2 # scaled by hand in March
        template:
          spec:
            containers:
              - name: app
                image: "registry.example.com/checkout:1.4.2"  # pinned
                resources:
                  requests: {cpu: 100m}
              - name: sidecar
                image: envoy:1.30
                resources:
                  limits:
                    cpu: 200m
                    memory: 128Mi   # tight on purpose
      """;

  static final String BARE =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
          name: cart
      spec:
          template:
              spec:
                  containers:
                  -   name: cart
                      image: cart:2
      """;

  private Manifests() {}
}
