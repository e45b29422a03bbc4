package io.fleetwise.planner.sim;

import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.perf.CalibrationProfile;
import io.fleetwise.planner.perf.CalibrationProfiles;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Grid search of the four host-side parameters (iteration overhead, per-sequence overhead, front-end delay, eager
 * kernel floor) against the six vLLM runs: minimises the sum of squared relative errors of mean TTFT and TPOT.
 * Everything else (kernel efficiencies) comes from the H100 sweep and is not tuned. Documented in docs/validation.md.
 */
public final class VllmHostOverheadTuning {
    /** Coarse grid first (run with "coarse"), then the fine grid around its best point (default). */
    public static void main(String[] args) throws IOException {
        boolean coarse = args.length > 0 && args[0].equals("coarse");
        double[] iters = coarse ? new double[] {3000, 3500, 4000} : new double[] {3100, 3300, 3500};
        double[] perSeqs = coarse ? new double[] {250, 350, 450} : new double[] {275, 300, 325};
        double[] fronts = coarse ? new double[] {2000, 6000, 10000} : new double[] {7000, 8000, 9000, 10000};
        double[] eagers = coarse ? new double[] {10.83, 14, 18} : new double[] {12, 14, 16};
        CalibrationProfile base = CalibrationProfiles.h100Measured();
        double best = Double.MAX_VALUE;
        String bestLine = "";
        for (double iter : iters) {
            for (double perSeq : perSeqs) {
                for (double front : fronts) {
                    for (double eager : eagers) {
                        CalibrationProfile p = base.withKernelFloors(base.graphKernelFloorUs(), eager);
                        EngineProfile engine = EngineProfile.vllm06().withHostCosts(iter, perSeq, front);
                        List<VllmValidation.Row> rows = VllmValidation.run(CalibrationSet.uniform(p, engine));
                        double sse = 0;
                        for (VllmValidation.Row r : rows) {
                            sse += r.ttftErr() * r.ttftErr() + r.tpotErr() * r.tpotErr();
                        }
                        String line = String.format(Locale.ROOT, "iter=%.0f perSeq=%.0f front=%.0f eager=%.2f sse=%.5f", iter, perSeq, front, eager, sse);
                        System.out.println(line);
                        if (sse < best) {
                            best = sse;
                            bestLine = line;
                        }
                    }
                }
            }
        }
        System.out.println("best: " + bestLine);
    }
}
