package io.fleetwise.app.cli;

import io.fleetwise.app.CalibrationResolver;
import io.fleetwise.planner.calibration.CalibrationSet;
import picocli.CommandLine.Option;

/** {@code --calibration builtin|latest|VERSION|GPU:VERSION}, shared by the planner commands. */
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

    /** The calibrations the command predicts with; {@code gpuType} is what a bare VERSION refers to (null if several). */
    CalibrationSet resolve(CliContext context, String gpuType) {
        try {
            if (engineFit == null) {
                return context.services().calibrations().resolve(choice, gpuType);
            }
            return context.services().calibrations().resolve(choice, gpuType, engineFit);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage() + " (plan without stored calibrations: --calibration builtin)", e);
        }
    }
}
