package com.example.shop;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plan of the house (docs/architecture.md), checked on the compiled classes of every module: which
 * module may use which, no package cycles, no package spread over two modules, a contract without Spring
 * or runtime state, production code that never reaches the development stack.
 */
class ArchitectureTest {

    /** Every module whose classes the rules speak of; all but the benchmarks are on this test's classpath. */
    private static final List<String> MODULES = List.of(
            "shop-api",
            "platform",
            "web-kernel",
            "command-side",
            "query-side",
            "saga",
            "privacy",
            "identity",
            "operations",
            "feeds",
            "app",
            "dev-stack",
            "simulators",
            "bench");

    /** Where a class was compiled: the module's target/classes, or its jar in a packaged build. */
    private static final Pattern MODULE =
            Pattern.compile("/(" + String.join("|", MODULES) + ")(?:/target/classes/|-\\d[^/]*\\.jar)");

    private static JavaClasses shop;

    @BeforeAll
    static void importTheMainClassesOfEveryModule() {
        shop = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.example.shop");
        assertThat(modules(shop))
                .as("modules found on the classpath")
                .containsAll(MODULES.subList(0, MODULES.indexOf("bench")));
    }

    @Test
    void theCommandSideTheQuerySideAndTheSagaNeverMeet() {
        for (String side : List.of("command-side", "query-side", "saga")) {
            Set<String> others = new TreeSet<>(Set.of("command-side", "query-side", "saga"));
            others.remove(side);
            noClasses()
                    .that(areIn(side))
                    .should()
                    .dependOnClassesThat(areIn(others.toArray(String[]::new)))
                    .because("the three sides meet only through the contract and Axon's buses")
                    .check(shop);
        }
    }

    @Test
    void modulesDependOnlyDownwards() {
        rule("shop-api", "nothing of ours");
        rule("platform", "the contract", "shop-api");
        rule("web-kernel", "the contract and the platform", "shop-api", "platform");
        rule("privacy", "the kernel below it", "shop-api", "platform", "web-kernel");
        rule("identity", "privacy and the kernel", "shop-api", "platform", "web-kernel", "privacy");
        rule(
                "operations",
                "the read models it rebuilds, privacy and the kernel",
                "shop-api",
                "platform",
                "web-kernel",
                "privacy",
                "query-side");
        rule("feeds", "the contract and the platform", "shop-api", "platform");
        rule("command-side", "the kernel", "shop-api", "platform", "web-kernel");
        rule("query-side", "the contract and the platform", "shop-api", "platform");
        rule("saga", "the contract and the platform", "shop-api", "platform");
    }

    private static void rule(String module, String reason, String... allowed) {
        Set<String> forbidden = new TreeSet<>(MODULES);
        forbidden.remove(module);
        forbidden.removeAll(Set.of(allowed));
        noClasses()
                .that(areIn(module))
                .should()
                .dependOnClassesThat(areIn(forbidden.toArray(String[]::new)))
                .because(module + " builds on " + reason + " only")
                .check(shop);
    }

    @Test
    void noPackageCycles() {
        slices().matching("com.example.shop.(**)").should().beFreeOfCycles().check(shop);
    }

    @Test
    void noPackageSpansTwoModules() {
        Map<String, Set<String>> modulesByPackage = new TreeMap<>();
        for (JavaClass javaClass : shop) {
            modulesByPackage
                    .computeIfAbsent(javaClass.getPackageName(), p -> new TreeSet<>())
                    .add(moduleOf(javaClass));
        }
        assertThat(modulesByPackage)
                .allSatisfy((pkg, modules) -> assertThat(modules).as(pkg).hasSize(1));
    }

    @Test
    void theContractHoldsNeitherSpringNorRuntimeState() {
        noClasses()
                .that(areIn("shop-api"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.servlet..", "java.util.concurrent..")
                .because("the contract is plain messages and values that any module, or another service, can read")
                .check(shop);
        fields().that()
                .areDeclaredInClassesThat(areIn("shop-api"))
                .and()
                .areStatic()
                .should()
                .beFinal()
                .because("the contract keeps no state")
                .check(shop);
        noClasses()
                .that(areIn("shop-api"))
                .should()
                .dependOnClassesThat()
                .areAssignableTo(ThreadLocal.class)
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(java.util.Random.class)
                .check(shop);
    }

    @Test
    void productionCodeNeverReachesTheDevelopmentStack() {
        noClasses()
                .that(areIn(
                        "shop-api",
                        "platform",
                        "web-kernel",
                        "command-side",
                        "query-side",
                        "saga",
                        "privacy",
                        "identity",
                        "operations",
                        "feeds",
                        "app"))
                .should()
                .dependOnClassesThat(areIn("dev-stack", "simulators", "bench"))
                .because("the simulators and embedded databases are for development, tests and benchmarks only")
                .check(shop);
    }

    @Test
    void thePlatformNeverImportsAFeature() {
        ArchRule rule = noClasses()
                .that(areIn("platform"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.example.shop.order..",
                        "com.example.shop.campaign..",
                        "com.example.shop.catalog..",
                        "com.example.shop.inventory..",
                        "com.example.shop.privacy..",
                        "com.example.shop.identity..",
                        "com.example.shop.operations..",
                        "com.example.shop.feeds..",
                        "com.example.shop.command..",
                        "com.example.shop.query..",
                        "com.example.shop.fulfilment..",
                        "com.example.shop.payment..",
                        "com.example.shop.shipping..");
        rule.check(shop);
    }

    @Test
    void theRulesNoticeAViolation() {
        // the rules above would pass on an empty import; this one shows they read real dependencies
        assertThat(classes()
                        .that(areIn("command-side"))
                        .should()
                        .onlyDependOnClassesThat(areIn("shop-api"))
                        .evaluate(shop)
                        .hasViolation())
                .isTrue();
    }

    private static DescribedPredicate<JavaClass> areIn(String... modules) {
        Set<String> wanted = Set.of(modules);
        return DescribedPredicate.describe(
                "in " + String.join(", ", modules),
                javaClass -> javaClass.getPackageName().startsWith("com.example.shop")
                        && wanted.contains(moduleOf(javaClass)));
    }

    private static Set<String> modules(JavaClasses classes) {
        Set<String> modules = new TreeSet<>();
        classes.forEach(javaClass -> modules.add(moduleOf(javaClass)));
        return modules;
    }

    private static String moduleOf(JavaClass javaClass) {
        String uri =
                javaClass.getSource().map(source -> source.getUri().toString()).orElse("");
        Matcher matcher = MODULE.matcher(uri);
        return matcher.find() ? matcher.group(1) : "unknown: " + uri;
    }
}
