namespace Subx.Reports;

/// <summary>A report made from files, and where it goes: the page, and the folder its figures are saved in (none: inline only).</summary>
/// <param name="Report">The report.</param>
/// <param name="HtmlPath">Where the page is written.</param>
/// <param name="FigureDir">Where its PNGs are written; null writes none.</param>
public sealed record ReportTarget(Report Report, string HtmlPath, string? FigureDir)
{
    /// <summary>Writes the page and its figures.</summary>
    public void Write() => Report.Write(HtmlPath, FigureDir);
}

/// <summary>Which report a path calls for, read from the files Subx wrote there.</summary>
public static class Reports
{
    /// <summary>The manifest of an extraction folder.</summary>
    public const string ManifestFile = "subnet.json";
    /// <summary>The metrics of a training run folder.</summary>
    public const string MetricsFile = "metrics.jsonl";
    /// <summary>The zero-shot table of a zoo training run.</summary>
    public const string ZeroShotFile = "zero-shot.json";

    /// <summary>
    /// The report of <paramref name="path"/>: an extraction folder (`subnet.json`: report.html and its
    /// figures in the folder), an SE run folder (`metrics.jsonl`: likewise), or a bench JSON file
    /// (`subx bench --json FILE`: FILE's name with `.html`, figures inline only).
    /// <paramref name="htmlPath"/> puts the page elsewhere.
    /// </summary>
    public static ReportTarget For(string path, string? htmlPath = null)
    {
        if (Directory.Exists(path))
        {
            string manifest = Path.Combine(path, ManifestFile), metrics = Path.Combine(path, MetricsFile);
            if (File.Exists(manifest))
                return new(ExtractReport.Build(File.ReadAllText(manifest), manifest), htmlPath ?? Path.Combine(path, Report.FileName), path);
            if (File.Exists(metrics))
            {
                string zeroShot = Path.Combine(path, ZeroShotFile);
                var report = TrainReport.Build(File.ReadAllText(metrics), metrics, File.Exists(zeroShot) ? File.ReadAllText(zeroShot) : null, zeroShot);
                return new(report, htmlPath ?? Path.Combine(path, Report.FileName), path);
            }
            throw new SubxException($"{path}: expected an extraction folder (with {ManifestFile}, as `subx extract` writes) or an SE run folder (with {MetricsFile}, as `subx train` writes), found neither file.");
        }
        if (File.Exists(path))
        {
            if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                throw new SubxException($"{path}: expected a bench JSON file (`subx bench --json FILE`), an extraction folder or an SE run folder, found another kind of file.");
            return new(BenchReport.Build(File.ReadAllText(path), path), htmlPath ?? Path.ChangeExtension(path, ".html"), null);
        }
        throw new SubxException($"{path}: expected an extraction folder, an SE run folder or a bench JSON file, found nothing there.");
    }
}
