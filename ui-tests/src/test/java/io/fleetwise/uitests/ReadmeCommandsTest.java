package io.fleetwise.uitests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command line of README.md's code blocks runs as written, in order, on a fresh database: the way a new user
 * would type them from the repository root after building the jar. They run in a scratch folder that links to the
 * repository's files, so what they write (under out/) lands there, and the repository is left as it was. A code
 * line that is not a {@code bin/fleetwise} command must be one of the set-up and build commands checked below, so a
 * new README command cannot slip past this test.
 *
 * <p>Runs in ui-tests because the reactor builds the app's jar before this module's tests: {@code bin/fleetwise}
 * itself runs then; without the jar (a {@code test} run of this module alone) the same main class runs from the
 * test class path.
 */
class ReadmeCommandsTest {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    /** The README's set-up and build commands: Maven, which this test runs inside of. */
    private static final List<String> MAVEN_COMMANDS = List.of(
            "mvn -B -pl app -am package -DskipTests exec:exec@gui",
            "mvn -B verify",
            "mvn -B -pl installers -am package -DskipTests -Dinstallers");

    @TempDir
    Path work;

    @Test
    void everyReadmeCommandRunsAsWrittenOnAFreshDatabase() throws Exception {
        List<String> lines = ReadmeCommands.codeLines(Files.readString(REPOSITORY.resolve("README.md")));
        List<String> commands = lines.stream().filter(l -> l.startsWith("bin/fleetwise")).toList();
        assertThat(commands).as("the README's command lines").hasSizeGreaterThan(20);
        assertThat(lines.stream().filter(l -> !l.startsWith("bin/fleetwise")).toList())
                .as("code lines that are not fleetwise commands").containsExactlyInAnyOrderElementsOf(MAVEN_COMMANDS);
        assertMavenCommandsNameRealThings();

        linkRepository();
        for (String command : commands) {
            run(command);
        }
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.filter(p -> !Files.isSymbolicLink(p)).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("readme.db")))
                    .as("the examples write under out/ only, never beside the repository's files").containsOnly("out");
        }
        assertThat(work.resolve("out/report.pdf")).isNotEmptyFile();
    }

    /** The set-up commands' execution id and profile property exist where the README says. */
    private static void assertMavenCommandsNameRealThings() throws IOException {
        assertThat(Files.readString(REPOSITORY.resolve("app/pom.xml"))).contains("<id>gui</id>");
        assertThat(Files.readString(REPOSITORY.resolve("installers/pom.xml"))).contains("<name>installers</name>");
        // exec:exec resolves test-scoped dependencies in every module of the reactor; a module's test jar exists only
        // from the package phase on, so `compile exec:exec@gui` fails on a fresh machine once any module uses one
        try (Stream<Path> modules = Files.list(REPOSITORY)) {
            for (Path pom : modules.map(m -> m.resolve("pom.xml")).filter(Files::isRegularFile).toList()) {
                if (Files.readString(pom).contains("<type>test-jar</type>")) {
                    assertThat(MAVEN_COMMANDS.get(0)).as("the start command, since %s uses a test jar", pom)
                            .contains(" package ");
                }
            }
        }
    }

    /** The scratch folder sees the repository's files (bin/, docs/examples/, the built jar) through links. */
    private void linkRepository() throws IOException {
        try (Stream<Path> entries = Files.list(REPOSITORY)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.equals("out") && !name.equals(".git")) {
                    Files.createSymbolicLink(work.resolve(name), entry);
                }
            }
        }
    }

    private void run(String command) throws Exception {
        List<String> argv = new ArrayList<>(ReadmeCommands.words(command));
        Path jar = REPOSITORY.resolve("app/target/fleetwise.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        if (Files.isRegularFile(jar)) {
            argv.set(0, work.resolve("bin/fleetwise").toString());
        } else {
            argv.remove(0);
            argv.addAll(0, List.of(java, "-cp", System.getProperty("java.class.path"), "io.fleetwise.app.Main"));
        }
        ProcessBuilder builder = new ProcessBuilder(argv).directory(work.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("FLEETWISE_DB", work.resolve("readme.db").toString());
        env.put("JAVA", java);
        env.put("FLEETWISE_JAVA_OPTS", "-Djava.awt.headless=true");
        Path log = Files.createTempFile(work.getParent(), "readme-command", ".log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        boolean finished = process.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(finished && process.exitValue() == 0).as("README command failed: %s%n%s", command,
                tail(output)).isTrue();
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 15), lines.length));
    }
}
