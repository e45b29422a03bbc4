package io.fleetwise.app.cli;

import io.fleetwise.app.CalibrationResolver;
import io.fleetwise.app.EngineFits;
import io.fleetwise.planner.calibration.CalibrationSet;
import io.fleetwise.planner.engine.EngineProfile;
import io.fleetwise.planner.engine.EngineProfiles;
import picocli.CommandLine.Option;

import java.util.NoSuchElementException;

/**
 * {@code --calibration builtin|latest|VERSION|GPU:VERSION} and {@code --engine ID}, shared by the planner commands:
 * what predicts each GPU type's kernels, and which serving engine runs around them.
 */
final class CalibrationOption {
    @Option(names = "--calibration", paramLabel = "builtin|latest|VERSION|GPU:VERSION",
            description = "which stored calibration predicts each GPU type: latest (default: the newest one of each type, "
                    + "built-in curves where none), builtin (ignore stored calibrations), VERSION of this command's GPU type, "
                    + "or GPU:VERSION")
    String choice = CalibrationResolver.LATEST;
    @Option(names = "--engine-fit", paramLabel = "latest|none|ENGINE:vN",
            description = "which engine profile fitted from serving runs (calibrate --from-runs) sets the host costs: "
                    + "latest (default: the newest fit of the engine, its published costs where none), none, or a stored "
                    + "fit such as vllm-0.6:v2; --calibration builtin implies none")
    String engineFit;

    @Option(names = "--engine", paramLabel = "vllm-v1|vllm-0.6|sglang|kernels-only",
            description = "serving engine whose defaults (batch budget, sequences, chunked prefill, CUDA graphs) and host "
                    + "costs the prediction uses (default " + EngineProfiles.DEFAULT_ID + ", the current mainstream engine)")
    String engine = EngineProfiles.DEFAULT_ID;

    private boolean builtinChoice() {
        return choice != null && choice.trim().equalsIgnoreCase(CalibrationResolver.BUILTIN);
    }

    /** The calibrations the command predicts with; {@code gpuType} is what a bare VERSION refers to (null if several). */
    CalibrationSet resolve(CliContext context, String gpuType) {
        EngineProfile profile = engine();
        try {
            return context.services().calibrations().resolve(choice, gpuType,
                    engineFit != null ? engineFit : builtinChoice() ? EngineFits.NONE : EngineFits.LATEST, profile);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage() + " (plan without stored calibrations: --calibration builtin)", e);
        }
    }

    /** The engine {@code --engine} names. */
    EngineProfile engine() {
        try {
            return EngineProfiles.byId(engine);
        } catch (NoSuchElementException e) {
            throw new IllegalArgumentException("--engine: " + e.getMessage(), e);
        }
    }
}
