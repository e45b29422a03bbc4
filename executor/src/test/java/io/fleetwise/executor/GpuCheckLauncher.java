package io.fleetwise.executor;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs JUnit tests where there is no Maven: the bundle scripts/gpu-check.sh builds runs it with a jlinked Java runtime
 * on a CUDA machine. {@code GpuCheckLauncher gpu|smoke CLASS_OR_PACKAGE...}: {@code gpu} runs the tests tagged
 * {@code gpu} in those packages, {@code smoke} the given CPU test classes (to prove the bundled runtime has every
 * module the path needs). Prints one line per test (skips with their reason) and a summary; exits 1 on a failure,
 * 2 when nothing ran.
 */
public final class GpuCheckLauncher {
    private GpuCheckLauncher() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !(args[0].equals("gpu") || args[0].equals("smoke"))) {
            System.err.println("usage: GpuCheckLauncher gpu|smoke PACKAGE_OR_CLASS...");
            System.exit(64);
        }
        boolean gpu = args[0].equals("gpu");
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            boolean isClass = Character.isUpperCase(name.substring(name.lastIndexOf('.') + 1).charAt(0));
            request.selectors(isClass ? DiscoverySelectors.selectClass(name) : DiscoverySelectors.selectPackage(name));
        }
        request.filters(gpu ? TagFilter.includeTags("gpu") : TagFilter.excludeTags("gpu", "benchmark"));
        LauncherDiscoveryRequest built = request.build();
        AtomicInteger passed = new AtomicInteger(), failed = new AtomicInteger(), skipped = new AtomicInteger();
        Map<String, Integer> skipReasons = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(built, new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                if (id.isTest() || id.isContainer() && id.getSource().isPresent()) {
                    skipped.incrementAndGet();
                    skipReasons.merge(reason, 1, Integer::sum);
                    System.out.println("SKIPPED " + id.getDisplayName() + ": " + reason);
                }
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                        failed.incrementAndGet();
                        String why = result.getThrowable().map(Throwable::toString).orElse("failed");
                        failures.add(id.getDisplayName() + ": " + why);
                        System.out.println("FAILED  " + id.getDisplayName() + ": " + why);
                    }
                    return;
                }
                switch (result.getStatus()) {
                    case SUCCESSFUL:
                        passed.incrementAndGet();
                        System.out.println("PASSED  " + id.getDisplayName());
                        break;
                    case ABORTED:
                        skipped.incrementAndGet();
                        String reason = result.getThrowable().map(Throwable::getMessage).orElse("aborted");
                        skipReasons.merge(reason, 1, Integer::sum);
                        System.out.println("SKIPPED " + id.getDisplayName() + ": " + reason);
                        break;
                    default:
                        failed.incrementAndGet();
                        String why = result.getThrowable().map(Throwable::toString).orElse("failed");
                        failures.add(id.getDisplayName() + ": " + why);
                        System.out.println("FAILED  " + id.getDisplayName() + ": " + why);
                        result.getThrowable().ifPresent(t -> t.printStackTrace(System.out));
                }
            }
        });
        System.out.printf("%n%s tests: %d passed, %d failed, %d skipped%n", gpu ? "GPU" : "Smoke", passed.get(), failed.get(), skipped.get());
        if (passed.get() == 0 && failed.get() == 0 && skipped.get() > 0) {
            System.out.println("ALL " + (gpu ? "GPU " : "") + "TESTS WERE SKIPPED. Why:");
            skipReasons.forEach((r, n) -> System.out.println("  " + n + " x " + r));
        }
        failures.forEach(f -> System.out.println("failure: " + f));
        System.exit(failed.get() > 0 ? 1 : passed.get() + skipped.get() == 0 ? 2 : 0);
    }
}
