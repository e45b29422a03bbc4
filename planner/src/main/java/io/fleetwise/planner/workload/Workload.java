package io.fleetwise.planner.workload;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * An arrival process and the request classes arrivals are drawn from (by share). Generates seeded traces; the class
 * of request i is {@code classOf(i)} of the generated {@link Generated}.
 */
public record Workload(String name, ArrivalProcess arrivals, List<RequestClass> classes) {

    public Workload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arrivals, "arrivals");
        classes = List.copyOf(classes);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("Workload " + name + " needs at least one request class");
        }
    }

    /** One class with a length preset and Poisson arrivals. */
    public static Workload poisson(String preset, double ratePerS) {
        return new Workload(preset + " @" + ratePerS + "/s", ArrivalProcess.poisson(ratePerS), List.of(RequestClass.of(preset, 1)));
    }

    /** A generated trace with the class of each request. */
    public record Generated(RequestTrace trace, int[] classIndex) {
        public int classOf(int request) {
            return classIndex[request];
        }
    }

    public Generated generate(int requests, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SplittableRandom lengthRandom = random.split();
        long[] t = arrivals.arrivalsNs(requests, random);
        double total = classes.stream().mapToDouble(RequestClass::share).sum();
        int[] in = new int[requests];
        int[] out = new int[requests];
        int[] cls = new int[requests];
        int[] pair = new int[2];
        for (int i = 0; i < requests; i++) {
            double u = lengthRandom.nextDouble() * total;
            int c = 0;
            while (c < classes.size() - 1 && u >= classes.get(c).share()) {
                u -= classes.get(c).share();
                c++;
            }
            classes.get(c).lengths().sample(lengthRandom, pair);
            in[i] = pair[0];
            out[i] = pair[1];
            cls[i] = c;
        }
        return new Generated(new RequestTrace(name, t, in, out), cls);
    }
}
