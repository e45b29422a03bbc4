package io.fleetwise.app;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** ADR 0002: AssertJ is the one assertion library. Sees the test classes on app's test classpath. */
@AnalyzeClasses(packages = "io.fleetwise", importOptions = ImportOption.OnlyIncludeTests.class)
class TestsUseAssertJTest {

    @ArchTest
    static final ArchRule onlyAssertJ = noClasses().should().dependOnClassesThat()
            .haveFullyQualifiedName("org.junit.jupiter.api.Assertions")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.junit.Assert")
            .orShould().dependOnClassesThat().resideInAPackage("org.hamcrest..")
            .because("one assertion library (AssertJ, ADR 0002) keeps tests uniform and its tolerances readable");
}
