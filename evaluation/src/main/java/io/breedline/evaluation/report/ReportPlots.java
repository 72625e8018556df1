package io.breedline.evaluation.report;

import io.breedline.evaluation.metrics.CalibrationMetrics;
import io.breedline.evaluation.metrics.ReliabilityBin;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's pictures, drawn with JFreeChart and written as PNG files. */
public final class ReportPlots {
    public static final String CONFUSION = "confusion-matrix.png";
    public static final String RELIABILITY = "reliability.png";
    public static final String CONFIDENCE = "confidence-histogram.png";
    private static final Color BLUE = new Color(31, 91, 170);
    private static final Color ORANGE = new Color(230, 120, 20);

    private ReportPlots() {}

    /** Writes the plots into {@code dir}: file name to title, in the order the report shows them. */
    public static Map<String, String> write(Evaluation e, Path dir) throws IOException {
        Map<String, String> written = new LinkedHashMap<>();
        int n = e.confusion().rows().size();
        int side = Math.max(520, Math.min(2400, 160 + 34 * e.confusion().columns().size()));
        ChartUtils.saveChartAsPNG(dir.resolve(CONFUSION).toFile(), confusion(e.confusion()), side + 120,
                Math.max(420, Math.min(2400, 200 + 34 * n)));
        written.put(CONFUSION, "Confusion matrix");
        ChartUtils.saveChartAsPNG(dir.resolve(RELIABILITY).toFile(), reliability(e), 640, 560);
        written.put(RELIABILITY, "Reliability diagram");
        ChartUtils.saveChartAsPNG(dir.resolve(CONFIDENCE).toFile(), confidence(e.calibration()), 720, 420);
        written.put(CONFIDENCE, "Confidence histogram");
        return written;
    }

    /** Cells coloured by the row's share (the recall of the true breed), labeled with the photo count. */
    static JFreeChart confusion(ConfusionView v) {
        int rows = v.rows().size();
        int cols = v.columns().size();
        double[] xs = new double[rows * cols];
        double[] ys = new double[rows * cols];
        double[] zs = new double[rows * cols];
        XYPlot plot = new XYPlot();
        for (int r = 0; r < rows; r++) {
            int total = 0;
            for (int c = 0; c < cols; c++) {
                total += v.counts()[r][c];
            }
            for (int c = 0; c < cols; c++) {
                int i = r * cols + c;
                xs[i] = c;
                ys[i] = r;
                zs[i] = total == 0 ? 0 : (double) v.counts()[r][c] / total;
                if (v.counts()[r][c] > 0 && rows <= 40) {
                    XYTextAnnotation count = new XYTextAnnotation(Integer.toString(v.counts()[r][c]), c, r);
                    count.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
                    count.setPaint(zs[i] > 0.5 ? Color.WHITE : Color.BLACK);
                    plot.addAnnotation(count);
                }
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("share", new double[][] {xs, ys, zs});
        SymbolAxis x = new SymbolAxis("Predicted breed", v.columns().toArray(String[]::new));
        x.setVerticalTickLabels(true);
        x.setGridBandsVisible(false);
        SymbolAxis y = new SymbolAxis("True breed", v.rows().toArray(String[]::new));
        y.setInverted(true);
        y.setGridBandsVisible(false);
        XYBlockRenderer renderer = new XYBlockRenderer();
        PaintScale scale = new WhiteToBlue();
        renderer.setPaintScale(scale);
        plot.setDataset(data);
        plot.setDomainAxis(x);
        plot.setRangeAxis(y);
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart("Confusion matrix", new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, false);
        chart.addSubtitle(new org.jfree.chart.title.TextTitle("number: photos; colour: share of the true breed's photos"));
        NumberAxis legendAxis = new NumberAxis("share of row");
        legendAxis.setRange(0, 1);
        legendAxis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(0.25));
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 40, 4);
        chart.addSubtitle(legend);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Accuracy against mean confidence per bin; the diagonal is perfect calibration. */
    static JFreeChart reliability(Evaluation e) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries diagonal = new XYSeries("perfectly calibrated");
        diagonal.add(0, 0);
        diagonal.add(1, 1);
        data.addSeries(diagonal);
        if (e.temperature() == null) {
            data.addSeries(points("raw, all " + e.calibration().photos() + " photos (ECE "
                    + pct(e.calibration().ece()) + ")", e.calibration().bins()));
        } else {
            TemperatureResult t = e.temperature();
            data.addSeries(points("before: raw, " + t.testPhotos() + " held-out photos (ECE " + pct(t.before().ece()) + ")",
                    t.before().bins()));
            data.addSeries(points(String.format(Locale.ROOT, "after: T = %.3f (ECE %s)", t.fit().temperature(),
                    pct(t.after().ece())), t.after().bins()));
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Reliability diagram (" + CalibrationMetrics.BINS + " bins)",
                "Mean confidence in bin", "Accuracy in bin", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, Color.GRAY);
        renderer.setSeriesStroke(0, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                new float[] {6f, 4f}, 0f));
        renderer.setSeriesShapesVisible(0, false);
        renderer.setSeriesPaint(1, BLUE);
        renderer.setSeriesPaint(2, ORANGE);
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getDomainAxis()).setRange(0, 1);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.02);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYSeries points(String name, List<ReliabilityBin> bins) {
        XYSeries s = new XYSeries(name, false);
        for (ReliabilityBin b : bins) {
            if (b.count() > 0) {
                s.add(b.meanConfidence(), b.accuracy());
            }
        }
        return s;
    }

    /** Photos per top-1 confidence bin, right and wrong stacked. */
    static JFreeChart confidence(CalibrationMetrics m) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ReliabilityBin b : m.bins()) {
            String bin = String.format(Locale.ROOT, "%.0f-%.0f%%", b.lower() * 100, b.upper() * 100);
            data.addValue(b.correct(), "right", bin);
            data.addValue(b.count() - b.correct(), "wrong", bin);
        }
        JFreeChart chart = ChartFactory.createStackedBarChart("Top-1 confidence of " + m.photos() + " photos",
                "Confidence shown (top-1 probability)", "Photos", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        ((NumberAxis) plot.getRangeAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        StackedBarRenderer renderer = (StackedBarRenderer) plot.getRenderer();
        renderer.setSeriesPaint(0, new Color(60, 150, 80));
        renderer.setSeriesPaint(1, new Color(200, 60, 50));
        renderer.setShadowVisible(false);
        renderer.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    /** 0 white to 1 dark blue. */
    private static final class WhiteToBlue implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public java.awt.Paint getPaint(double value) {
            double v = Math.max(0, Math.min(1, value));
            return new Color((int) Math.round(255 + (8 - 255) * v), (int) Math.round(255 + (48 - 255) * v),
                    (int) Math.round(255 + (107 - 255) * v));
        }
    }
}
