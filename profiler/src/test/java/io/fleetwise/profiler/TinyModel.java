package io.fleetwise.profiler;

import io.fleetwise.planner.catalog.HuggingFaceConfigImporter;
import io.fleetwise.planner.model.ModelSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A 2-layer Llama-shaped model (hidden 256, GQA 4/2, d=64) from a config.json, small enough for the CPU device. */
public final class TinyModel {
    private TinyModel() {
    }

    public static ModelSpec spec() {
        try (InputStream in = TinyModel.class.getResourceAsStream("tiny-llama-config.json")) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return HuggingFaceConfigImporter.parse("tiny-llama-config.json", json, "tiny-llama");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
