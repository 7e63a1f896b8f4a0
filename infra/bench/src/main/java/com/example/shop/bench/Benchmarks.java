package com.example.shop.bench;

/**
 * Entry point of the benchmark jar: {@code flash-sale} (the default), {@code replay}, {@code cluster},
 * {@code observability} or {@code front}.
 */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        String scenario = args.length == 0 ? "flash-sale" : args[0];
        switch (scenario) {
            case "flash-sale" -> FlashSaleBenchmark.main(args);
            case "replay" -> ReplayBenchmark.main(args);
            case "cluster" -> ClusterBenchmark.main(args);
            case "observability" -> ObservabilityBenchmark.main(args);
            case "front" -> FrontBenchmark.main(args);
            default -> {
                System.err.println(
                        "unknown benchmark " + scenario + "; use flash-sale, replay, cluster, observability or front");
                System.exit(2);
            }
        }
    }
}
