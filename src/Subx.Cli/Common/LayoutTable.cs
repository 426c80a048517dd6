using Spectre.Console;
using Subx.Units;

namespace Subx.Cli.Common;

/// <summary>
/// Where a subnet lies in its host, one row per layer: how many of the layer's units it keeps, and
/// which heads (a BERT has at most a dozen per layer, so they are listed; neurons are counted, their
/// indices are in subnet.json), under a heading line.
/// </summary>
internal static class LayoutTable
{
    public static void Write(IAnsiConsole console, Subnet subnet)
    {
        var layout = subnet.Layout();
        var kinds = LayerShare.KindsIn(layout);
        bool hasHeads = kinds.Length > 1;
        var table = new Table().AddColumn("layer");
        foreach (var kind in kinds)
            table.AddColumn(new TableColumn(kind == UnitKind.AttentionHead ? "attention heads" : hasHeads ? "MLP neurons" : "units"));
        foreach (var layer in layout.GroupBy(s => s.Layer))
        {
            var cells = new List<string> { layer.Key.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            foreach (var kind in kinds)
                cells.Add(layer.FirstOrDefault(s => s.Kind == kind) is { } share ? share.Describe() : "");
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }
        console.WriteTable("where the subnet lies, layer by layer:", table);
    }
}
