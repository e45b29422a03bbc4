package io.fleetwise.views.whatif;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetwise.planner.model.NodeGroup;
import io.fleetwise.planner.study.StudyDocument;
import io.fleetwise.planner.study.WhatIfAnalysis;
import io.fleetwise.planner.study.WhatIfRow;
import io.fleetwise.planner.study.WhatIfVariant;
import io.fleetwise.planner.task.BackgroundTask;
import io.fleetwise.planner.task.TaskExecutor;
import io.fleetwise.planner.task.TaskHandle;
import io.fleetwise.views.study.CurrentStudy;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What-if comparisons of the open study: a list of variants (base, more traffic, tighter TPOT, a cheaper GPU...),
 * run through the fleet allocator off the FX thread; the rows show cost, delta against the base, GPUs, the mix and
 * the saving against the best single GPU type. Results are stored in the study under "whatIf".
 */
public final class WhatIfViewModel {

    private final CurrentStudy study;
    private final TaskExecutor executor;
    private final WhatIfAnalysis analysis;
    private final ObservableList<WhatIfVariant> variants = FXCollections.observableArrayList();
    private final ObservableList<WhatIfRow> rows = FXCollections.observableArrayList();
    private final StringProperty trafficPercentText = new SimpleStringProperty(this, "trafficPercent", "0");
    private final StringProperty tpotMsText = new SimpleStringProperty(this, "tpotMs", "");
    private final StringProperty priceGpu = new SimpleStringProperty(this, "priceGpu", "");
    private final StringProperty pricePercentText = new SimpleStringProperty(this, "pricePercent", "0");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper(this, "messageIsError");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private TaskHandle task;

    public WhatIfViewModel(CurrentStudy study, TaskExecutor executor, WhatIfAnalysis analysis) {
        this.study = Objects.requireNonNull(study, "study");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.analysis = Objects.requireNonNull(analysis, "analysis");
        resetVariants();
    }

    /** Base, traffic +50%, TPOT 20% tighter, and the dearest GPU type of the cluster 30% cheaper. */
    public void resetVariants() {
        StudyDocument doc = study.document();
        variants.setAll(WhatIfVariant.base(), WhatIfVariant.traffic(1.5),
                WhatIfVariant.tpot(Math.max(1, Math.round(doc.slo().tpotMs() * 0.8))));
        doc.nodeGroups().stream().map(NodeGroup::gpu)
                .filter(g -> !Double.isNaN(g.price().onDemandUsdPerHour()))
                .max(Comparator.comparingDouble(g -> g.price().onDemandUsdPerHour()))
                .ifPresent(g -> variants.add(WhatIfVariant.price(g.name(), 0.7)));
        rows.clear();
    }

    /** Adds a variant from the form; a bad value is named in the message and nothing is added. */
    public boolean addVariant() {
        try {
            double traffic = number("Traffic change (%)", trafficPercentText.get());
            double tpot = tpotMsText.get().isBlank() ? Double.NaN : number("TPOT (ms)", tpotMsText.get());
            double price = number("Price change (%)", pricePercentText.get());
            String gpu = priceGpu.get() == null ? "" : priceGpu.get().trim();
            if (price != 0 && gpu.isEmpty()) {
                throw new IllegalArgumentException("Price change: choose the GPU type whose price changes");
            }
            StringBuilder name = new StringBuilder();
            if (traffic != 0) {
                name.append(String.format(Locale.ROOT, "traffic %+.0f%% ", traffic));
            }
            if (!Double.isNaN(tpot)) {
                name.append(String.format(Locale.ROOT, "TPOT %.0f ms ", tpot));
            }
            if (price != 0) {
                name.append(String.format(Locale.ROOT, "%s %+.0f%% ", gpu, price));
            }
            if (name.length() == 0) {
                throw new IllegalArgumentException("The variant changes nothing; set a traffic, TPOT or price change");
            }
            variants.add(new WhatIfVariant(name.toString().trim(), 1 + traffic / 100, tpot,
                    price == 0 ? Map.of() : Map.of(gpu, 1 + price / 100)));
            info("Added variant " + name.toString().trim());
            return true;
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return false;
        }
    }

    private static double number(String field, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a number");
        }
    }

    public void removeVariant(WhatIfVariant variant) {
        if (variants.indexOf(variant) > 0) {
            variants.remove(variant);
        }
    }

    /** Runs every variant; the first is the base the deltas refer to. */
    public void run() {
        if (running.get()) {
            return;
        }
        StudyDocument doc = study.document();
        List<WhatIfVariant> list = List.copyOf(variants);
        running.set(true);
        info("Running " + list.size() + " variants…");
        long t0 = System.nanoTime();
        task = BackgroundTask.wrap("What-if: " + list.size() + " variants",
                        p -> analysis.run(doc, study.catalog(), list, p))
                .onSuccess(result -> {
                    running.set(false);
                    rows.setAll(result);
                    study.edit(d -> d.withResult("whatIf", toJson(result)));
                    info(String.format(Locale.ROOT, "%d variants in %.1f s", result.size(), (System.nanoTime() - t0) / 1e9));
                })
                .onFailure(e -> {
                    running.set(false);
                    error(e instanceof java.util.concurrent.CancellationException ? "What-if cancelled" : e.getMessage());
                })
                .executeWith(executor);
    }

    public void cancel() {
        if (task != null) {
            task.cancel();
        }
    }

    static ArrayNode toJson(List<WhatIfRow> result) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (WhatIfRow r : result) {
            ObjectNode o = array.addObject();
            o.put("variant", r.variant());
            putNumber(o, "ratePerS", r.ratePerS());
            putNumber(o, "tpotMs", r.tpotMs());
            putNumber(o, "costPerHourUsd", r.costPerHourUsd());
            putNumber(o, "deltaCostPercent", r.deltaCostPercent());
            o.put("gpus", r.gpus());
            putNumber(o, "savingPercent", r.savingPercent());
            o.put("mix", r.mix());
            o.put("message", r.message());
            o.put("note", r.note());
        }
        return array;
    }

    /** JSON has no NaN: a figure that does not exist is null. */
    private static void putNumber(ObjectNode o, String field, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            o.putNull(field);
        } else {
            o.put(field, v);
        }
    }

    private void info(String text) {
        messageIsError.set(false);
        message.set(text);
    }

    private void error(String text) {
        messageIsError.set(true);
        message.set(text);
    }

    public ObservableList<WhatIfVariant> variants() {
        return variants;
    }

    public ObservableList<WhatIfRow> rows() {
        return rows;
    }

    public List<String> gpuTypes() {
        return study.document().nodeGroups().stream().map(g -> g.gpu().name()).distinct().toList();
    }

    public StringProperty trafficPercentTextProperty() {
        return trafficPercentText;
    }

    public StringProperty tpotMsTextProperty() {
        return tpotMsText;
    }

    public StringProperty priceGpuProperty() {
        return priceGpu;
    }

    public StringProperty pricePercentTextProperty() {
        return pricePercentText;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }
}
