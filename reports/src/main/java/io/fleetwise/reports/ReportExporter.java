package io.fleetwise.reports;

import io.fleetwise.planner.progress.ProgressListener;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.jfree.chart.ChartUtils;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Writes a report's PDF, its tables as CSV and its charts as PNG; returns the files written. */
public final class ReportExporter {

    /** Pixel size of exported chart PNGs. */
    static final int PNG_WIDTH = 1200;
    static final int PNG_HEIGHT = 700;

    private ReportExporter() {
    }

    /** The chosen sections that have content; see {@link #pdf(ReportInput, Set, boolean, Path, ProgressListener)}. */
    public static Path pdf(ReportInput input, Set<ReportSection> sections, Path file, ProgressListener listener)
            throws IOException {
        return pdf(input, sections, false, file, listener);
    }

    /** @param includeEmpty also the chosen sections the study has no results for (ReportContent) */
    public static Path pdf(ReportInput input, Set<ReportSection> sections, boolean includeEmpty, Path file,
                           ProgressListener listener) throws IOException {
        PdfReportWriter.write(input, sections, includeEmpty, file, listener);
        return file;
    }

    public static List<Path> csv(ReportInput input, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> files = new ArrayList<>();
        for (ReportTable table : ReportTables.resultTables(input)) {
            Path file = directory.resolve(table.fileStem() + ".csv");
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                 CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                         .setHeader(table.headers().toArray(new String[0])).get())) {
                for (List<String> row : table.rows()) {
                    printer.printRecord(row);
                }
            }
            files.add(file);
        }
        return files;
    }

    public static List<Path> png(ReportInput input, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> files = new ArrayList<>();
        for (ReportCharts.NamedChart chart : ReportCharts.all(input)) {
            Path file = directory.resolve(chart.fileStem() + ".png");
            ChartUtils.saveChartAsPNG(file.toFile(), chart.chart(), PNG_WIDTH, PNG_HEIGHT);
            files.add(file);
        }
        return files;
    }
}
