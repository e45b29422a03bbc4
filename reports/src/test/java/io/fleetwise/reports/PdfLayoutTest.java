package io.fleetwise.reports;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PdfLayoutTest {

    @TempDir
    Path dir;

    @Test
    void aShortTableThatDoesNotFitTheRestOfThePageMovesWholeToTheNextWithItsHeading() throws Exception {
        ReportTable table = nineRowTable();
        Path pdf = dir.resolve("t.pdf");
        try (PDDocument document = new PDDocument()) {
            try (PdfLayout layout = new PdfLayout(document)) {
                layout.newPage();
                layout.paragraph("Text above");
                layout.space(560); // about 200 points left: the header and a few rows would fit, not all nine
                layout.keepTableWhole(table, 60);
                layout.subheading("Nine buckets");
                layout.table(table);
            }
            document.save(pdf.toFile());
        }
        assertThat(pageText(pdf, 1)).contains("Text above").doesNotContain("Nine buckets", "bucket 1");
        assertThat(pageText(pdf, 2)).contains("Nine buckets", "bucket 1", "bucket 9");
    }

    @Test
    void aShortTableThatFitsStaysWhereItIs() throws Exception {
        Path pdf = dir.resolve("fits.pdf");
        try (PDDocument document = new PDDocument()) {
            try (PdfLayout layout = new PdfLayout(document)) {
                layout.newPage();
                layout.paragraph("Text above");
                layout.keepTableWhole(nineRowTable(), 60);
                layout.table(nineRowTable());
            }
            document.save(pdf.toFile());
            assertThat(document.getNumberOfPages()).isEqualTo(1);
        }
    }

    private static ReportTable nineRowTable() {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            rows.add(List.of("bucket " + i, "0.1", "20.0"));
        }
        return new ReportTable("Nine buckets", "nine", List.of("bucket", "share", "rps"),
                List.of("Bucket", "Share", "req/s"), rows);
    }

    private static String pageText(Path pdf, int page) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setStartPage(page);
            stripper.setEndPage(page);
            return stripper.getText(doc);
        }
    }
}
