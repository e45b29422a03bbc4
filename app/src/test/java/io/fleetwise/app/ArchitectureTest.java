package io.fleetwise.app;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.fleetwise.planner.alloc.Baselines;
import io.fleetwise.planner.alloc.FleetAllocator;
import io.fleetwise.planner.alloc.simulated.FleetValidator;
import io.fleetwise.planner.alloc.simulated.SimulatedAllocation;
import io.fleetwise.planner.alloc.simulated.SimulatedThroughputTable;
import io.fleetwise.planner.search.PlanSearch;
import io.fleetwise.planner.sim.CapacitySearch;
import io.fleetwise.planner.sim.ConcurrencySearch;
import io.fleetwise.planner.sim.Simulator;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;

/**
 * The module rules of DESIGN.md and STYLE.md P0 item 2, checked on every module's production classes
 * (app's test classpath sees them all). Exceptions are written into the rule with their reason.
 */
@AnalyzeClasses(packages = "io.fleetwise", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule plannerIsPureJava = noClasses().that().resideInAPackage("io.fleetwise.planner..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "java.sql..", "jcuda..", "java.awt..", "javax.swing..")
            .because("planner runs the same in the GUI, the command line, tests and a distributed engine (DESIGN.md)");

    @ArchTest
    static final ArchRule plannerKnowsNoOtherModule = noClasses().that().resideInAPackage("io.fleetwise.planner..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fleetwise.datastore..", "io.fleetwise.executor..",
                    "io.fleetwise.profiler..", "io.fleetwise.reports..", "io.fleetwise.views..", "io.fleetwise.app..")
            .because("arrows point one way: planner depends on no other Fleetwise module");

    @ArchTest
    static final ArchRule plannerHasNoGlobalState = fields().that().areDeclaredInClassesThat()
            .resideInAPackage("io.fleetwise.planner..").and().areStatic().should().beFinal()
            .because("what a prediction depends on (calibration, engine profile) travels in the request as a value; a static "
                    + "table installed around a command let a forgotten scope or a parallel run predict with the wrong one");

    @ArchTest
    static final ArchRule commandsAndViewModelsGoThroughTheServices = noClasses().that()
            .haveSimpleNameEndingWith("Command").or().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat(equivalentTo(Simulator.class).or(equivalentTo(FleetAllocator.class))
                    .or(equivalentTo(Baselines.class)).or(equivalentTo(PlanSearch.class))
                    .or(equivalentTo(CapacitySearch.class)).or(equivalentTo(ConcurrencySearch.class))
                    .or(equivalentTo(SimulatedThroughputTable.class)).or(equivalentTo(SimulatedAllocation.class))
                    .or(equivalentTo(FleetValidator.class)))
            .because("the GUI, the command line and the report call one planner service per workflow "
                    + "(io.fleetwise.planner.service) with one defaults(), so they answer the same question the same way");

    @ArchTest
    static final ArchRule jdbcOnlyInTheDatastore = noClasses().that().resideOutsideOfPackage("io.fleetwise.datastore..")
            .and().resideOutsideOfPackage("db.migration..")
            .should().dependOnClassesThat().resideInAPackage("java.sql..")
            .because("SQL lives next to its schema; every other module reaches storage through a repository");

    @ArchTest
    static final ArchRule jcudaOnlyInTheExecutor = noClasses().that().resideOutsideOfPackage("io.fleetwise.executor..")
            .should().dependOnClassesThat().resideInAPackage("jcuda..")
            .because("only the executor loads native CUDA code; the rest runs on machines without a GPU");

    @ArchTest
    static final ArchRule datastoreAndExecutorDependOnlyOnPlanner = noClasses()
            .that().resideInAnyPackage("io.fleetwise.datastore..", "io.fleetwise.executor..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fleetwise.views..", "io.fleetwise.app..",
                    "io.fleetwise.profiler..", "io.fleetwise.reports..", "javafx..")
            .because("datastore and executor depend only on planner (DESIGN.md)");

    @ArchTest
    static final ArchRule datastoreAndExecutorAreIndependent = noClasses().that().resideInAPackage("io.fleetwise.datastore..")
            .should().dependOnClassesThat().resideInAPackage("io.fleetwise.executor..")
            .because("the store does not run kernels (DESIGN.md)");

    @ArchTest
    static final ArchRule profilerIsBelowTheUi = noClasses().that().resideInAPackage("io.fleetwise.profiler..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fleetwise.views..", "io.fleetwise.app..", "javafx..")
            .because("profiler depends on planner, executor and datastore only")
            .allowEmptyShould(true); // the profiler has no classes until its capability lands

    @ArchTest
    static final ArchRule viewsUseNoJdbcOrCuda = noClasses().that().resideInAPackage("io.fleetwise.views..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "jcuda..", "io.fleetwise.executor..",
                    "io.fleetwise.app..")
            .because("views reach storage through repositories and GPUs through the profiler, never directly");

    @ArchTest
    static final ArchRule reportsUseNoJavaFx = noClasses().that().resideInAPackage("io.fleetwise.reports..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.jfree.chart.fx..")
            .because("reports are written by the command line and by tests as well as by the GUI, with no JavaFX "
                    + "toolkit (issue 14, part 5)");

    @ArchTest
    static final ArchRule reportsSitBelowTheUi = noClasses().that().resideInAPackage("io.fleetwise.reports..")
            .should().dependOnClassesThat().resideInAnyPackage("io.fleetwise.views..", "io.fleetwise.app..",
                    "io.fleetwise.executor..", "io.fleetwise.profiler..", "java.sql..", "jcuda..")
            .because("the report reads study results and traces through planner and datastore only; views and app "
                    + "call it, never the other way");

    @ArchTest
    static final ArchRule viewModelsDoNotTouchNodes = noClasses().that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
            .because("ViewModels hold state as properties and are unit-tested without a scene (STYLE.md MVVM)");

    @ArchTest
    static final ArchRule standardStreamsOnlyInTheCommandLine = noClasses()
            .that().resideOutsideOfPackage("io.fleetwise.app.cli..")
            .should(ACCESS_STANDARD_STREAMS)
            .because("only the command line prints; everything else reports through return values, listeners or SLF4J");

    @ArchTest
    static final ArchRule noSwing = noClasses().should().dependOnClassesThat().resideInAPackage("javax.swing..")
            .because("the UI is JavaFX");

    @ArchTest
    static final ArchRule awtOnlyForChartsAndPdf = noClasses()
            .that().resideOutsideOfPackages("io.fleetwise.views..", "io.fleetwise.reports..")
            .should().dependOnClassesThat().resideInAPackage("java.awt..")
            .because("only views and reports may draw through java.awt (JFreeChart charts and PDF export use Graphics2D)");

    @ArchTest
    static final ArchRule slf4jOnly = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("java.util.logging..", "org.apache.log4j..", "org.apache.logging.log4j..")
            .because("logging goes through SLF4J");

    @ArchTest
    static final ArchRule sparkOnlyInTheScaleoutModule = noClasses()
            .that().resideOutsideOfPackage("io.fleetwise.scaleout..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
            .because("the desktop app carries no Spark: `fleetwise sweep` starts the scaleout job in a child JVM");
}
