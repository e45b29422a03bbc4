package io.fleetwise.profiler.compare;

import io.fleetwise.executor.run.Iteration;
import io.fleetwise.executor.run.IterationSchedule;
import io.fleetwise.executor.run.PrefillChunk;
import io.fleetwise.executor.run.RunResult;
import io.fleetwise.executor.run.TimingRecord;
import io.fleetwise.planner.perf.BatchShape;
import io.fleetwise.planner.perf.IterationPrediction;
import io.fleetwise.planner.perf.OperatorClass;
import io.fleetwise.planner.perf.PerformanceModel;
import io.fleetwise.profiler.OperatorClasses;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a run with what the performance model predicts for the same batches. The model predicts a
 * whole replica; one executor run is one GPU of it, which holds {@code shardLayers / modelLayers} of the
 * layers, so layer-dependent classes are scaled by that share (1 without PP). Host overhead is not part
 * of an executor run and is left out of the prediction.
 */
public final class PredictedVsMeasured {
    private static final EnumSet<OperatorClass> ONCE_PER_ITERATION = EnumSet.of(OperatorClass.EMBEDDING_LM_HEAD,
            OperatorClass.PP_SEND_RECV, OperatorClass.HOST_OVERHEAD);

    private PredictedVsMeasured() {
    }

    public static BatchShape batchOf(Iteration it) {
        BatchShape b = BatchShape.EMPTY;
        for (PrefillChunk p : it.prefills()) {
            b = b.plusPrefill(p.tokens(), p.context());
        }
        for (int ctx : it.decodeContexts()) {
            b = b.plusDecode(ctx);
        }
        return b;
    }

    public static Comparison compare(RunResult run, IterationSchedule schedule, PerformanceModel model) {
        double layerShare = run.shard().layers() / (double) model.model().numLayers();
        Map<OperatorClass, double[]> byClass = new EnumMap<>(OperatorClass.class); // measured ns, predicted ns, modelled flag
        List<IterationComparison> iterations = new ArrayList<>();
        for (int i = 0; i < schedule.iterations().size(); i++) {
            Iteration it = schedule.iterations().get(i);
            IterationPrediction prediction = model.predict(batchOf(it));
            double predicted = 0;
            for (OperatorClass c : OperatorClass.values()) {
                if (c == OperatorClass.HOST_OVERHEAD) {
                    continue;
                }
                double ns = prediction.operatorNs(c) * (ONCE_PER_ITERATION.contains(c) ? 1.0 : layerShare);
                if (ns > 0) {
                    byClass.computeIfAbsent(c, k -> new double[3])[1] += ns;
                }
                predicted += ns;
            }
            iterations.add(new IterationComparison(i, it.describe(), run.measuredNs(i) / 1e6, run.modelledNs(i) / 1e6, predicted / 1e6));
        }
        for (TimingRecord r : run.records()) {
            Optional<OperatorClass> c = OperatorClasses.of(r.op());
            if (c.isPresent()) {
                double[] acc = byClass.computeIfAbsent(c.get(), k -> new double[3]);
                acc[0] += r.timeNs();
                if (r.modelled()) {
                    acc[2] = 1;
                }
            }
        }
        List<OperatorComparison> ops = new ArrayList<>();
        for (Map.Entry<OperatorClass, double[]> e : byClass.entrySet()) {
            ops.add(new OperatorComparison(e.getKey(), e.getValue()[0] / 1e6, e.getValue()[1] / 1e6, e.getValue()[2] > 0));
        }
        return new Comparison(model.profile().name(), run.device(), ops, iterations);
    }
}
