package io.fleetwise.planner.alloc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class NativeLibraryCacheTest {

    @TempDir
    Path cache;

    @Test
    void orToolsLibrariesAreUnpackedOnceIntoAFolderNamedAfterTheirJar() throws Exception {
        NativeLibraryCache here = NativeLibraryCache.forOrTools(cache);
        Optional<Path> library = here.library("jniortools");
        assertThat(library).isPresent();
        assertThat(library.get()).startsWith(cache).isRegularFile();
        assertThat(Files.size(library.get())).isPositive();
        assertThat(library.get().getParent().resolve(".complete")).isRegularFile();
        // the folder is used as it is the second time: nothing is written again
        FileTime written = Files.getLastModifiedTime(library.get());
        Files.setLastModifiedTime(library.get(), FileTime.fromMillis(written.toMillis() - 60_000));
        assertThat(here.library("jniortools")).isEqualTo(library);
        assertThat(Files.getLastModifiedTime(library.get()).toMillis()).isEqualTo(written.toMillis() - 60_000);
        try (Stream<Path> left = Files.list(library.get().getParent().getParent())) {
            assertThat(left).as("no half-unpacked folder is left behind").hasSize(1);
        }
    }

    @Test
    void aFolderWithoutItsCompleteMarkerIsUnpackedAgain() throws Exception {
        NativeLibraryCache here = NativeLibraryCache.forOrTools(cache);
        Path library = here.library("jniortools").orElseThrow();
        Files.delete(library.getParent().resolve(".complete"));
        Files.writeString(library, "cut short");
        // the folder no longer counts as unpacked: it is replaced whole
        Path again = here.library("jniortools").orElseThrow();
        assertThat(again.getParent().resolve(".complete")).isRegularFile();
        assertThat(Files.size(again)).isGreaterThan(100);
    }

    @Test
    void aLibraryThatIsNotShippedIsNotFound() {
        assertThat(new NativeLibraryCache("no-such-folder", cache).library("jniortools")).isEmpty();
        assertThat(NativeLibraryCache.forOrTools(cache).library("nosuchlib"))
                .isEmpty();
    }
}
