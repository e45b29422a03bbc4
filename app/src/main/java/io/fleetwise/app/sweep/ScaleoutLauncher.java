package io.fleetwise.app.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Starts the Spark side of a sweep in a child JVM, so the desktop app never carries Spark (250 MB of jars, its own
 * Jackson and logging) on its class path, and a sweep that fails or runs out of memory cannot take the window with
 * it. The child is {@code io.fleetwise.scaleout.SweepJob} from the scale-out job jar, with Spark's jars beside it:
 * the build's {@code scaleout/target} (job jar, {@code spark.classpath}, {@code sweep-jvm.options}), or
 * {@code $FLEETWISE_SCALEOUT_HOME} laid out the same way; {@code $SPARK_HOME/jars} stands in for
 * {@code spark.classpath} where an installed Spark is wanted instead.
 */
public final class ScaleoutLauncher {
    public static final String JOB_JAR = "fleetwise-scaleout-job.jar";
    static final String SPARK_CLASSPATH = "spark.classpath";
    static final String JVM_OPTIONS = "sweep-jvm.options";
    static final String MAIN_CLASS = "io.fleetwise.scaleout.SweepJob";

    /** Where the job jar and what it needs were found. */
    public record Home(Path dir, Path jobJar, String sparkClasspath, Path jvmOptions) {
    }

    private final Function<String, String> environment;

    public ScaleoutLauncher(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * @throws IllegalStateException saying how to build the job jar, when none is found
     */
    public Home home() {
        List<Path> tried = new ArrayList<>();
        for (Path dir : candidates()) {
            tried.add(dir);
            Path jar = dir.resolve(JOB_JAR);
            Path options = dir.resolve(JVM_OPTIONS);
            if (Files.isRegularFile(jar) && Files.isRegularFile(options)) {
                Optional<String> classpath = sparkClasspath(dir);
                if (classpath.isPresent()) {
                    return new Home(dir, jar, classpath.get(), options);
                }
            }
        }
        throw new IllegalStateException("fleetwise sweep needs the scale-out job (" + JOB_JAR + " with "
                + SPARK_CLASSPATH + " and " + JVM_OPTIONS + ") and found none in " + tried + ". Build it with `mvn -B "
                + "-pl scaleout -am package -DskipTests`, point FLEETWISE_SCALEOUT_HOME at its folder, or run the sweep "
                + "without Spark: --in-process");
    }

    private List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String home = environment.apply("FLEETWISE_SCALEOUT_HOME");
        if (home != null && !home.isBlank()) {
            out.add(Path.of(home));
            return out;
        }
        codeLocation().ifPresent(code -> {
            Path dir = code.getParent();
            if (dir != null) {
                // an installed app keeps it beside its jar; a build has app/target and scaleout/target side by side
                out.add(dir.resolve("scaleout"));
                if (dir.getParent() != null && dir.getParent().getParent() != null) {
                    out.add(dir.getParent().getParent().resolve("scaleout").resolve("target"));
                }
            }
        });
        return out;
    }

    /** The build's list of Spark jars; else an installed Spark's ($SPARK_HOME/jars, which must be Spark 4, Scala 2.13). */
    private Optional<String> sparkClasspath(Path dir) {
        Path file = dir.resolve(SPARK_CLASSPATH);
        if (Files.isRegularFile(file)) {
            try {
                return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                // fall through to an installed Spark
            }
        }
        String sparkHome = environment.apply("SPARK_HOME");
        if (sparkHome != null && !sparkHome.isBlank() && Files.isDirectory(Path.of(sparkHome, "jars"))) {
            return Optional.of(Path.of(sparkHome, "jars") + java.io.File.separator + "*");
        }
        return Optional.empty();
    }

    private static Optional<Path> codeLocation() {
        try {
            return Optional.of(Path.of(ScaleoutLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** The child's command line: this JVM's java, Spark's JVM options, the heap, the class path and the job. */
    public List<String> command(Home home, List<String> jobArguments) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + home.jvmOptions());
        String javaOptions = environment.apply("FLEETWISE_SWEEP_JAVA_OPTS");
        if (javaOptions != null && !javaOptions.isBlank()) {
            cmd.addAll(List.of(javaOptions.trim().split("\\s+")));
        } else {
            cmd.add("-Xmx2g");
        }
        cmd.add("-cp");
        cmd.add(home.jobJar() + java.io.File.pathSeparator + home.sparkClasspath());
        cmd.add(MAIN_CLASS);
        cmd.addAll(jobArguments);
        return cmd;
    }

    /**
     * Runs the job and waits for it, its output copied line by line to {@code out} and {@code err}. Stopping this
     * process (Ctrl-C) stops the child too; the cells it stored by then stay stored.
     *
     * @return the child's exit status
     */
    public int run(Home home, List<String> jobArguments, boolean localMaster, PrintWriter out, PrintWriter err)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command(home, jobArguments));
        Map<String, String> env = builder.environment();
        if (localMaster) {
            // Spark picks its address before any setting; a local sweep stays on the loopback interface
            env.put("SPARK_LOCAL_IP", "127.0.0.1");
        }
        Process child = builder.start();
        Thread stopChild = new Thread(child::destroy, "stop-sweep-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        Thread copyOut = copy(child.getInputStream(), out);
        Thread copyErr = copy(child.getErrorStream(), err);
        try {
            int status = child.waitFor();
            copyOut.join();
            copyErr.join();
            return status;
        } catch (InterruptedException e) {
            child.destroy();
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the child is being stopped
            }
        }
    }

    private static Thread copy(InputStream from, PrintWriter to) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (to) {
                        to.println(line);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // the child closed its end
            }
        }, "sweep-child-output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
