package io.fleetwise.reports;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small flow layout on top of PDFBox: headings, wrapped paragraphs, tables whose cells wrap and whose rows
 * continue on the next page under a repeated header, and images scaled to the column. A4, 50 pt margins.
 */
final class PdfLayout implements AutoCloseable {

    static final float MARGIN = 50f;
    private static final PDRectangle PAGE_SIZE = PDRectangle.A4;
    private static final float BODY_SIZE = 10f;
    private static final float TABLE_SIZE = 8f;
    private static final float CELL_PAD = 3f;
    /** A table's first and last rows on a page come at least this many together (no orphan or widow rows). */
    static final int MIN_ROWS_TOGETHER = 3;
    private static final Color HEADER_FILL = new Color(0xE3, 0xEA, 0xEF);
    private static final Color RULE = new Color(0xB0, 0xBE, 0xC5);

    private final PDDocument document;
    private final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    private final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    private final Map<Character, Boolean> encodable = new HashMap<>();
    private PDPageContentStream content;
    private float y;

    PdfLayout(PDDocument document) {
        this.document = document;
    }

    float contentWidth() {
        return PAGE_SIZE.getWidth() - 2 * MARGIN;
    }

    void newPage() {
        try {
            closeContent();
            PDPage page = new PDPage(PAGE_SIZE);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
            y = PAGE_SIZE.getHeight() - MARGIN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void space(float points) {
        y -= points;
    }

    /** Moves to a new page when less than {@code points} are left, so a block is not cut from its heading. */
    void keepTogether(float points) {
        if (content == null || y - points < MARGIN) {
            newPage();
        }
    }

    void title(String text, float size) {
        writeWrapped(text, bold, size, 0, Color.BLACK);
        space(size * 0.4f);
    }

    void heading(String text) {
        keepTogether(80);
        space(8);
        writeWrapped(text, bold, 14, 0, new Color(0x1B, 0x3A, 0x4B));
        space(4);
    }

    void subheading(String text) {
        keepTogether(60);
        space(4);
        writeWrapped(text, bold, 11, 0, Color.BLACK);
        space(2);
    }

    void paragraph(String text) {
        writeWrapped(text, regular, BODY_SIZE, 0, Color.BLACK);
        space(4);
    }

    void muted(String text) {
        writeWrapped(text, regular, 8.5f, 0, Color.DARK_GRAY);
        space(3);
    }

    void bullet(String text) {
        List<String> lines = wrap(text, regular, BODY_SIZE, contentWidth() - 12);
        for (int i = 0; i < lines.size(); i++) {
            line(BODY_SIZE * 1.3f);
            if (i == 0) {
                show("-", regular, BODY_SIZE, MARGIN + 2, y, Color.BLACK);
            }
            show(lines.get(i), regular, BODY_SIZE, MARGIN + 12, y, Color.BLACK);
        }
        space(2);
    }

    /** Key and value pairs as two aligned columns. */
    void facts(List<String[]> pairs) {
        float keyWidth = 150;
        for (String[] pair : pairs) {
            List<String> lines = wrap(pair[1], regular, BODY_SIZE, contentWidth() - keyWidth);
            for (int i = 0; i < lines.size(); i++) {
                line(BODY_SIZE * 1.35f);
                if (i == 0) {
                    show(pair[0], bold, BODY_SIZE, MARGIN, y, Color.BLACK);
                }
                show(lines.get(i), regular, BODY_SIZE, MARGIN + keyWidth, y, Color.BLACK);
            }
        }
        space(4);
    }

    /**
     * Starts a new page unless {@code above} points of heading and text plus the whole of {@code table} fit here,
     * when the table would fit on one page of its own: a short table split across a page break left a page holding
     * its last three rows and nothing else.
     */
    void keepTableWhole(ReportTable table, float above) {
        if (table.isEmpty()) {
            return;
        }
        float height = tableHeight(table);
        if (above + height <= (PAGE_SIZE.getHeight() - 2 * MARGIN) * 0.6f) {
            keepTogether(above + height);
        }
    }

    /** The height {@link #table} draws, header and space after included, when nothing breaks it. */
    float tableHeight(ReportTable table) {
        float[] widths = columnWidths(table.labels(), table);
        float height = rowHeight(wrapRow(table.labels(), widths, bold)) + 8;
        for (List<String> row : table.rows()) {
            height += rowHeight(wrapRow(row, widths, regular));
        }
        return height;
    }

    void table(ReportTable table) {
        if (table.isEmpty()) {
            return;
        }
        List<String> headers = table.labels();
        float[] widths = columnWidths(headers, table);
        List<List<String>> header = wrapRow(headers, widths, bold);
        float headerHeight = rowHeight(header);
        List<List<List<String>>> cells = new ArrayList<>();
        for (List<String> row : table.rows()) {
            cells.add(wrapRow(row, widths, regular));
        }
        int n = cells.size();
        int keep = Math.min(MIN_ROWS_TOGETHER, n);
        // never a page with only a row or two of a table: its first rows stay with the header...
        float firstRows = headerHeight;
        for (int i = 0; i < keep; i++) {
            firstRows += rowHeight(cells.get(i));
        }
        keepTogether(firstRows + 4);
        java.util.Set<Integer> breaks = pageBreaks(cells, headerHeight, keep);
        drawRow(header, widths, headerHeight, true);
        for (int i = 0; i < n; i++) {
            if (breaks.contains(i)) {
                newPage();
                drawRow(header, widths, headerHeight, true);
            }
            drawRow(cells.get(i), widths, rowHeight(cells.get(i)), false);
        }
        space(8);
    }

    /**
     * Rows that start a new page, from the current position down: wherever the next row does not fit, moved up so
     * that the last page of the table also holds at least {@code keep} rows (...and its last rows stay together).
     */
    private java.util.Set<Integer> pageBreaks(List<List<List<String>>> cells, float headerHeight, int keep) {
        List<Integer> breaks = new ArrayList<>();
        float at = y - headerHeight;
        int pageStart = 0;
        for (int i = 0; i < cells.size(); i++) {
            float h = rowHeight(cells.get(i));
            if (at - h < MARGIN && i > pageStart) {
                breaks.add(i);
                pageStart = i;
                at = PAGE_SIZE.getHeight() - MARGIN - headerHeight;
            }
            at -= h;
        }
        if (!breaks.isEmpty()) {
            int last = breaks.get(breaks.size() - 1);
            int previousStart = breaks.size() > 1 ? breaks.get(breaks.size() - 2) : 0;
            int widow = cells.size() - last;
            if (widow < keep && cells.size() - keep - previousStart >= keep) {
                breaks.set(breaks.size() - 1, cells.size() - keep);
            }
        }
        return new java.util.HashSet<>(breaks);
    }

    /** Draws the image scaled to {@code widthPt} (aspect kept), on a new page if it does not fit here. */
    void image(BufferedImage image, float widthPt) {
        float heightPt = widthPt * image.getHeight() / image.getWidth();
        float maxHeight = PAGE_SIZE.getHeight() - 2 * MARGIN;
        if (heightPt > maxHeight) {
            widthPt = widthPt * maxHeight / heightPt;
            heightPt = maxHeight;
        }
        keepTogether(heightPt);
        try {
            PDImageXObject xobject = LosslessFactory.createFromImage(document, image);
            y -= heightPt;
            content.drawImage(xobject, MARGIN + (contentWidth() - widthPt) / 2, y, widthPt, heightPt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        space(8);
    }

    /** Writes "left ... page i of n" at the foot of every page; call once, after all content. */
    void footers(String left) {
        closeContent();
        int count = document.getNumberOfPages();
        try {
            for (int i = 0; i < count; i++) {
                try (PDPageContentStream footer = new PDPageContentStream(document, document.getPage(i),
                        PDPageContentStream.AppendMode.APPEND, true, true)) {
                    String right = "page " + (i + 1) + " of " + count;
                    writeAt(footer, fit(left, regular, 8, contentWidth() - 80), regular, 8, MARGIN, MARGIN / 2,
                            Color.GRAY);
                    writeAt(footer, right, regular, 8, PAGE_SIZE.getWidth() - MARGIN - width(right, regular, 8),
                            MARGIN / 2, Color.GRAY);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closeContent();
    }

    /**
     * Every column gets at least its longest word (so words are not cut), then the space left is shared in
     * proportion to how much wider each column would like to be (its longest unwrapped cell).
     */
    private float[] columnWidths(List<String> headers, ReportTable table) {
        int n = headers.size();
        float[] min = new float[n];
        float[] pref = new float[n];
        for (int c = 0; c < n; c++) {
            min[c] = longestWord(headers.get(c), bold);
            pref[c] = width(safe(headers.get(c), bold), bold, TABLE_SIZE);
            for (List<String> row : table.rows()) {
                pref[c] = Math.max(pref[c], width(safe(row.get(c), regular), regular, TABLE_SIZE));
                min[c] = Math.max(min[c], longestWord(row.get(c), regular));
            }
            min[c] += 2 * CELL_PAD + 1;
            pref[c] = Math.max(min[c], pref[c] + 2 * CELL_PAD + 1);
        }
        float sumMin = 0;
        float sumPref = 0;
        for (int c = 0; c < n; c++) {
            sumMin += min[c];
            sumPref += pref[c];
        }
        float available = contentWidth();
        float[] widths = new float[n];
        for (int c = 0; c < n; c++) {
            if (sumPref <= available) {
                widths[c] = pref[c] * available / sumPref;
            } else if (sumMin <= available) {
                widths[c] = min[c] + (pref[c] - min[c]) * (available - sumMin) / (sumPref - sumMin);
            } else {
                widths[c] = min[c] * available / sumMin;
            }
        }
        return widths;
    }

    private float longestWord(String text, PDFont font) {
        float max = 0;
        for (String word : safe(text, font).split("\\s+")) {
            max = Math.max(max, Math.min(width(word, font, TABLE_SIZE), 110));
        }
        return max;
    }

    private List<List<String>> wrapRow(List<String> row, float[] widths, PDFont font) {
        List<List<String>> cells = new ArrayList<>();
        for (int c = 0; c < row.size(); c++) {
            cells.add(wrap(row.get(c), font, TABLE_SIZE, widths[c] - 2 * CELL_PAD));
        }
        return cells;
    }

    private static float rowHeight(List<List<String>> cells) {
        int lines = 1;
        for (List<String> cell : cells) {
            lines = Math.max(lines, cell.size());
        }
        return lines * TABLE_SIZE * 1.25f + 2 * CELL_PAD;
    }

    private void drawRow(List<List<String>> cells, float[] widths, float height, boolean header) {
        try {
            float top = y;
            if (header) {
                content.setNonStrokingColor(HEADER_FILL);
                content.addRect(MARGIN, top - height, contentWidth(), height);
                content.fill();
            }
            float x = MARGIN;
            for (int c = 0; c < cells.size(); c++) {
                float lineY = top - CELL_PAD - TABLE_SIZE;
                for (String text : cells.get(c)) {
                    writeAt(content, text, header ? bold : regular, TABLE_SIZE, x + CELL_PAD, lineY, Color.BLACK);
                    lineY -= TABLE_SIZE * 1.25f;
                }
                x += widths[c];
            }
            content.setStrokingColor(RULE);
            content.setLineWidth(0.5f);
            content.moveTo(MARGIN, top - height);
            content.lineTo(MARGIN + contentWidth(), top - height);
            content.stroke();
            y = top - height;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeWrapped(String text, PDFont font, float size, float indent, Color color) {
        for (String paragraphLine : text.split("\n", -1)) {
            for (String line : wrap(paragraphLine, font, size, contentWidth() - indent)) {
                line(size * 1.35f);
                show(line, font, size, MARGIN + indent, y, color);
            }
        }
    }

    /** Advances one line, starting a new page when the line would run into the bottom margin. */
    private void line(float leading) {
        if (content == null || y - leading < MARGIN) {
            newPage();
        }
        y -= leading;
    }

    private void show(String text, PDFont font, float size, float x, float baseline, Color color) {
        try {
            writeAt(content, text, font, size, x, baseline, color);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAt(PDPageContentStream stream, String text, PDFont font, float size, float x, float baseline,
                                Color color) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        stream.beginText();
        stream.setFont(font, size);
        stream.setNonStrokingColor(color);
        stream.newLineAtOffset(x, baseline);
        stream.showText(text);
        stream.endText();
    }

    /** Greedy word wrap; a word longer than the line is cut where it stops fitting. */
    List<String> wrap(String text, PDFont font, float size, float maxWidth) {
        String clean = safe(text.replace('\n', ' '), font);
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String word : clean.split(" ")) {
            String candidate = current.length() == 0 ? word : current + " " + word;
            if (width(candidate, font, size) <= maxWidth) {
                current.setLength(0);
                current.append(candidate);
                continue;
            }
            if (current.length() > 0) {
                lines.add(current.toString());
                current.setLength(0);
            }
            String rest = word;
            while (width(rest, font, size) > maxWidth && rest.length() > 1) {
                int cut = rest.length() - 1;
                while (cut > 1 && width(rest.substring(0, cut), font, size) > maxWidth) {
                    cut--;
                }
                lines.add(rest.substring(0, cut));
                rest = rest.substring(cut);
            }
            current.append(rest);
        }
        lines.add(current.toString());
        return lines;
    }

    private String fit(String text, PDFont font, float size, float maxWidth) {
        String clean = safe(text, font);
        if (width(clean, font, size) <= maxWidth) {
            return clean;
        }
        while (clean.length() > 1 && width(clean + "...", font, size) > maxWidth) {
            clean = clean.substring(0, clean.length() - 1);
        }
        return clean + "...";
    }

    static float width(String text, PDFont font, float size) {
        try {
            return font.getStringWidth(text) / 1000f * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The standard fonts encode WinAnsi only: spell out the few other symbols the app uses, drop the rest. */
    String safe(String text, PDFont font) {
        String replaced = text.replace('\t', ' ').replace("\r", "")
                .replace("≤", "<=").replace("≥", ">=").replace("→", "->").replace("≈", "~").replace("−", "-")
                .replace("\u00a0", " ");
        StringBuilder out = new StringBuilder(replaced.length());
        for (char ch : replaced.toCharArray()) {
            boolean ok = encodable.computeIfAbsent(ch, k -> canEncode(font, k));
            out.append(ok ? ch : '?');
        }
        return out.toString();
    }

    private static boolean canEncode(PDFont font, char ch) {
        if (ch == '\n') {
            return true;
        }
        try {
            font.encode(String.valueOf(ch));
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private void closeContent() {
        if (content != null) {
            try {
                content.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            content = null;
        }
    }
}
