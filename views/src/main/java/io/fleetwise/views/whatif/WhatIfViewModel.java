package io.fleetwise.views.whatif;

import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The What-if area: headline results of a study's variants side by side with their change against the base,
 * and a one-parameter sweep (traffic or one GPU type's price) for a line chart. All planning runs in the
 * background; the first run builds the throughput table (seconds), later ones only re-solve.
 */
public final class WhatIfViewModel {

    /** A variant's headline and its change against the base (NaN where either has no plan). */
    public record Row(WhatIfEngine.Headline headline, double costDeltaPercent, int gpuDelta) {
        public String variant() {
            return headline.variant();
        }
    }

    /** One point of a sweep. */
    public record SweepPoint(double x, double costPerHourUsd, int gpus) {
    }

    public enum SweepParameter {
        RATE("total request rate (req/s)"), PRICE("price factor of the first GPU type");

        private final String axisLabel;

        SweepParameter(String axisLabel) {
            this.axisLabel = axisLabel;
        }

        public String axisLabel() {
            return axisLabel;
        }
    }

    private final Callable<WhatIfEngine> engineFactory;
    private final TaskExecutor executor;

    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<SweepPoint> sweep = FXCollections.observableArrayList();
    private final ObjectProperty<SweepParameter> sweepParameter = new SimpleObjectProperty<>(SweepParameter.RATE);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final StringProperty status = new SimpleStringProperty("");

    /**
     * @param engineFactory the engine for the study as it is now; called from the worker at each run, so it should
     *                      hand back the same engine (and its cached tables) while the study is unchanged
     */
    public WhatIfViewModel(Callable<WhatIfEngine> engineFactory, TaskExecutor executor) {
        this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** Plans the standard variants (base, +50 % traffic, tighter TPOT, cheaper first GPU type). */
    public void compareVariants() {
        if (running.get()) {
            return;
        }
        running.set(true);
        status.set("Planning variants...");
        long startNs = System.nanoTime();
        BackgroundTask.<List<Row>>wrap("What-if variants", progress -> {
            WhatIfEngine e = engine();
            List<WhatIfEngine.Variant> variants = e.standardVariants();
            List<WhatIfEngine.Headline> headlines = new ArrayList<>();
            for (int i = 0; i < variants.size(); i++) {
                int index = i;
                headlines.add(e.evaluate(variants.get(i), (f, m) -> progress.progress((index + f) / variants.size(), m)));
            }
            return rows(headlines);
        }).onSuccess(result -> {
            rows.setAll(result);
            status.set(String.format(Locale.ROOT, "%d variants planned in %.0f ms", result.size(),
                    (System.nanoTime() - startNs) / 1e6));
        }).onFailure(error -> status.set("What-if failed: " + error.getMessage()))
                .onCancelled(() -> status.set("What-if cancelled"))
                .onFinished(() -> running.set(false))
                .executeWith(executor);
    }

    /** Sweeps the chosen parameter over {@code points} values (rate 0.25x..2x of the study's; price 0.5x..1.5x). */
    public void runSweep(int points) {
        if (running.get()) {
            return;
        }
        if (points < 2) {
            status.set("A sweep needs at least 2 points, got " + points);
            return;
        }
        SweepParameter parameter = sweepParameter.get();
        running.set(true);
        status.set("Sweeping " + parameter.axisLabel() + "...");
        BackgroundTask.<List<SweepPoint>>wrap("What-if sweep", progress -> {
            WhatIfEngine e = engine();
            String firstGpu = e.study().gpuTypeNames().get(0);
            List<SweepPoint> out = new ArrayList<>();
            for (int i = 0; i < points; i++) {
                double t = (double) i / (points - 1);
                double factor = parameter == SweepParameter.RATE ? 0.25 + 1.75 * t : 0.5 + t;
                WhatIfEngine.Variant v = parameter == SweepParameter.RATE
                        ? new WhatIfEngine.Variant("rate x" + factor, factor, 1, Map.of())
                        : new WhatIfEngine.Variant(firstGpu + " price x" + factor, 1, 1, Map.of(firstGpu, factor));
                int index = i;
                WhatIfEngine.Headline h = e.evaluate(v, (f, m) -> progress.progress((index + f) / points, m));
                double x = parameter == SweepParameter.RATE ? h.ratePerSecond() : factor;
                out.add(new SweepPoint(x, h.costPerHourUsd(), h.gpus()));
            }
            return out;
        }).onSuccess(result -> {
            sweep.setAll(result);
            status.set("Sweep of " + result.size() + " points ready");
        }).onFailure(error -> status.set("Sweep failed: " + error.getMessage()))
                .onCancelled(() -> status.set("Sweep cancelled"))
                .onFinished(() -> running.set(false))
                .executeWith(executor);
    }

    static List<Row> rows(List<WhatIfEngine.Headline> headlines) {
        List<Row> out = new ArrayList<>();
        WhatIfEngine.Headline base = headlines.get(0);
        for (WhatIfEngine.Headline h : headlines) {
            boolean both = base.hasPlan() && h.hasPlan();
            out.add(new Row(h, both ? 100.0 * (h.costPerHourUsd() - base.costPerHourUsd()) / base.costPerHourUsd()
                    : Double.NaN, both ? h.gpus() - base.gpus() : 0));
        }
        return out;
    }

    private WhatIfEngine engine() throws Exception {
        return engineFactory.call();
    }

    public ObservableList<Row> rows() {
        return rows;
    }

    public ObservableList<SweepPoint> sweep() {
        return sweep;
    }

    public ObjectProperty<SweepParameter> sweepParameterProperty() {
        return sweepParameter;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public StringProperty statusProperty() {
        return status;
    }
}
