using System.Globalization;
using System.Reflection;
using ScottPlot;
using SkiaSharp;

namespace Subx.Reports;

/// <summary>
/// The look every figure shares, and the one way a figure becomes PNG bytes. Text is drawn in the
/// DejaVu Sans that ships inside this assembly (Fonts/README.md): ScottPlot's Linux build reads fonts
/// from /usr/share/fonts and, on a machine without any, silently draws plots with no text.
/// </summary>
internal static class Plots
{
    /// <summary>The family name the shipped fonts are registered under.</summary>
    public const string FontName = "Subx Sans";

    /// <summary>Width and height, in pixels, of a figure unless it says otherwise.</summary>
    public const int Width = 720, Height = 400;

    /// <summary>Colours by role, the same in every figure: the subnet, a control, a distractor, the reference.</summary>
    public static readonly Color Subnet = new(0x1f, 0x77, 0xb4), Control = new(0x99, 0x99, 0x99),
        Distractor = new(0xd6, 0x27, 0x28), Reference = new(0x2c, 0xa0, 0x2c), Dropped = new(0xc7, 0xc7, 0xc7);

    private static readonly Lock Gate = new();
    private static bool _registered;

    /// <summary>A new plot in the shared look, its fonts the shipped ones.</summary>
    public static Plot New(string title, string? xLabel = null, string? yLabel = null)
    {
        RegisterFonts();
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, size: 15);
        if (xLabel is not null) plot.XLabel(xLabel, size: 13);
        if (yLabel is not null) plot.YLabel(yLabel, size: 13);
        return plot;
    }

    /// <summary>
    /// The plot as PNG bytes, drawn in the invariant culture: ScottPlot formats tick labels in the
    /// current one, and a figure should read `0.5`, as every table does, on any machine.
    /// </summary>
    public static byte[] Png(Plot plot, int width = Width, int height = Height)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try { return plot.GetImageBytes(width, height, ImageFormat.Png); }
        finally { CultureInfo.CurrentCulture = culture; }
    }

    /// <summary>Manual tick labels on an axis: one label at each position.</summary>
    public static void Ticks(IAxis axis, IReadOnlyList<double> positions, IReadOnlyList<string> labels) =>
        axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. positions], [.. labels]);

    /// <summary>
    /// Registers the embedded fonts once per process, ahead of every other resolver, under
    /// <see cref="FontName"/> (regular and bold).
    /// </summary>
    private static void RegisterFonts()
    {
        lock (Gate)
        {
            if (_registered) return;
            Fonts.FontResolvers.Insert(0, new EmbeddedFonts());
            _registered = true;
        }
    }

    /// <summary>Resolves <see cref="FontName"/> to the typefaces embedded in this assembly, and nothing else.</summary>
    private sealed class EmbeddedFonts : IFontResolver
    {
        private readonly SKTypeface _regular = Load("DejaVuSans.ttf"), _bold = Load("DejaVuSans-Bold.ttf");

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            fontName == FontName ? (bold ? _bold : _regular) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing width) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

        private static SKTypeface Load(string file)
        {
            string name = $"Subx.Reports.Fonts.{file}";
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Subx.Reports was built without its font resource '{name}'");
            return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"font resource '{name}' is not a font SkiaSharp can read");
        }
    }
}
