using System.Globalization;

namespace Subx.Cli.Common;

/// <summary>Number formats for tables and summary lines (invariant culture: a table reads the same everywhere).</summary>
internal static class Format
{
    /// <summary>A fraction as a percentage with one decimal, e.g. `96.1%`.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    /// <summary>A score or metric with three decimals, e.g. `0.873`, `-0.012`.</summary>
    public static string Score(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    /// <summary>A value with two decimals for live progress text, e.g. `0.61`.</summary>
    public static string Short(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>Seconds with two decimals, e.g. `2.41`.</summary>
    public static string Seconds(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>A count with its noun, singular for one: `1 iteration`, `40 iterations`.</summary>
    public static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>A number as the user typed it, e.g. in an error message.</summary>
    public static string Plain(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>A fraction in (0, 1] written in the invariant culture ("0.05", "5e-2"), or null for anything else.</summary>
    public static double? TryParseFraction(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && v <= 1 ? v : null;

    /// <summary>A fraction <see cref="TryParseFraction"/> accepts; anything else is a caller's bug (validate first).</summary>
    public static double ParseFraction(string text) => TryParseFraction(text) ?? throw new ArgumentException($"not a fraction in (0, 1]: '{text}'");

    /// <summary>One line on continued training's check: what the validation fine-tunes said, and which subnet this is.</summary>
    public static string ContinueCheck(Subx.Extractors.Policy.ContinueCheck c) => c.SameSubnet
        ? "continued training ended on the zero-shot subnet"
        : $"continued training: reward on {Count(c.FineTunes, "validation fine-tune")} {Score(c.StartReward)} zero-shot, {Score(c.EndReward)} continued " +
          $"({Signed(c.Difference)} ± {Score(c.StandardError)}); " +
          (c.KeptStart ? "clearly worse, so this is the zero-shot subnet" : "this is the continued subnet");

    /// <summary>A difference with its sign, three decimals: +0.004, -0.246 (-0.000 for a small loss).</summary>
    public static string Signed(double value) => (value < 0 ? "-" : "+") + Score(Math.Abs(value));
}
