package dev.kunren.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VirtualThreadSafetyTest {

    @Test
    void spare_carriers_unless_the_user_chose_how_many() {
        String before = System.getProperty(VirtualThreadSafety.PARALLELISM);
        try {
            System.clearProperty(VirtualThreadSafety.PARALLELISM);
            VirtualThreadSafety.spareCarriers();
            assertThat(Integer.parseInt(System.getProperty(VirtualThreadSafety.PARALLELISM)))
                    .isGreaterThanOrEqualTo(VirtualThreadSafety.MIN_CARRIERS)
                    .isGreaterThanOrEqualTo(4 * Runtime.getRuntime().availableProcessors());
            System.setProperty(VirtualThreadSafety.PARALLELISM, "3");
            VirtualThreadSafety.spareCarriers();
            assertThat(System.getProperty(VirtualThreadSafety.PARALLELISM)).isEqualTo("3");
        } finally {
            if (before == null) {
                System.clearProperty(VirtualThreadSafety.PARALLELISM);
            } else {
                System.setProperty(VirtualThreadSafety.PARALLELISM, before);
            }
        }
    }

    @Test
    void from_a_directory_of_classes_nothing_is_preloaded() {
        assertThat(VirtualThreadSafety.preloadOwnClasses()).as("tests run from target/classes, not the jar").isZero();
    }
}
