using Subx.Hosts;
using Subx.Hosts.Bert;
using Subx.Runs;
using Subx.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Subx.Observation;

/// <summary>
/// What one unit responds to on a task's rows: how well its activation alone tells the class it fires
/// for from the others, and the rows it fires most on (the "top activating examples" of neuron viewers).
/// </summary>
/// <param name="Position">The unit's position in the host's unit space.</param>
/// <param name="Class">The class whose rows the unit fires more on, against all others: the one of highest <paramref name="Auc"/>.</param>
/// <param name="Auc">
/// ROC-AUC of the unit's activation for <paramref name="Class"/> against the other classes: the chance that
/// it is higher on a random row of that class than on a random other row (ties half). 0.5 says the unit
/// does not tell that class from the rest; for two classes it is at least 0.5.
/// </param>
/// <param name="Mean">The unit's mean activation over the rows.</param>
/// <param name="TopRows">The task's rows it fires most on, highest first (task row indices).</param>
/// <param name="TopActivations">Its activation on each of them.</param>
public sealed record UnitProfile(int Position, int Class, double Auc, double Mean, IReadOnlyList<int> TopRows, IReadOnlyList<double> TopActivations);

/// <summary>Profiles of units, read off the host's activations (<see cref="IHost.UnitActivations"/>: for a BERT, pooled over a row's tokens).</summary>
public static class UnitProfiles
{
    /// <summary>Rows read by default: a stratified subset of the validation split.</summary>
    public const int DefaultRows = 1000;

    /// <summary>Rows per forward pass (bounds memory, not results).</summary>
    private const int Chunk = 256;

    /// <summary>
    /// The profile of each unit of <paramref name="positions"/> on <paramref name="rows"/> of the task
    /// (each class present), with its <paramref name="examples"/> highest rows.
    /// </summary>
    public static UnitProfile[] Compute(IHost host, TaskData task, IReadOnlyList<int> positions, int[] rows, int examples)
    {
        host.CheckTask(task);
        var labels = task.LabelsOf(rows);
        var absent = Enumerable.Range(0, task.ClassCount).Where(c => !labels.Contains(c)).ToArray();
        if (absent.Length > 0)
            throw SubxException.Bad($"task '{task.Name}'", "rows", "rows of every class", $"none of class '{task.Classes[absent[0]]}' among {rows.Length}");
        if (examples < 0) throw new ArgumentOutOfRangeException(nameof(examples), examples, "not negative");
        double[][] columns;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var activations = UnitStats.Chunked(host.Inputs(task, rows), Chunk, host.UnitActivations);   // [n, units]
            var picked = activations.index_select(1, tensor(positions.Select(p => (long)p).ToArray())).t().contiguous().to_type(ScalarType.Float64); // [k, n]
            var flat = picked.data<double>().ToArray();
            columns = [.. Enumerable.Range(0, positions.Count).Select(k => flat[(k * rows.Length)..((k + 1) * rows.Length)])];
        }
        return [.. positions.Select((p, k) => Profile(p, columns[k], labels, task.ClassCount, rows, examples))];
    }

    /// <summary>
    /// For each profile's top rows, the token at which the unit's activation peaks (among the row's real
    /// tokens, [CLS] and [SEP] included, by <see cref="BertHost.TokenActivations"/>), as the model's
    /// tokenizer spells it (`##` marks a word piece): what a neuron viewer highlights.
    /// </summary>
    public static string[][] PeakTokens(BertHost host, TaskData task, IReadOnlyList<UnitProfile> profiles)
    {
        var rows = profiles.SelectMany(p => p.TopRows).Distinct().Order().ToArray();
        if (rows.Length == 0) return [.. profiles.Select(_ => Array.Empty<string>())];
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (texts, _) = task.TakeTexts(rows);
        var (ids, mask) = host.Tokenize(texts, host.MaxTokens);
        var units = profiles.Select(p => p.Position).Distinct().ToArray();
        var column = units.Select((p, k) => (p, k)).ToDictionary(e => e.p, e => e.k);   // a unit's column in the activations read
        var picked = tensor(units.Select(p => (long)p).ToArray());
        var activations = UnitStats.Chunked(new HostInputs(host.Embed(ids), mask), Chunk, x => host.TokenActivations(x).index_select(2, picked)); // [r, T, k]
        using Scalar never = double.NegativeInfinity;                                // padding never peaks
        var peaks = activations.masked_fill(mask.eq(Held.Zero).unsqueeze(2), never).argmax(1).data<long>().ToArray(); // [r, k]
        var idRows = ids.data<long>().ToArray();
        long t = ids.shape[1];
        int k = column.Count;
        string Peak(int row, int position)
        {
            int r = Array.BinarySearch(rows, row);
            long token = peaks[r * k + column[position]];
            return host.Tokenizer.Pieces([(int)idRows[r * t + token]])[0];
        }
        return [.. profiles.Select(p => p.TopRows.Select(row => Peak(row, p.Position)).ToArray())];
    }

    private static UnitProfile Profile(int position, double[] a, int[] labels, int classes, int[] rows, int examples)
    {
        var aucs = Enumerable.Range(0, classes).Select(c => TruthMetrics.RocAuc(a, labels.Select(l => l == c).ToArray())).ToArray();
        int best = Array.IndexOf(aucs, aucs.Max());
        var top = Enumerable.Range(0, a.Length).OrderByDescending(i => a[i]).ThenBy(i => i).Take(examples).ToArray();
        return new UnitProfile(position, best, aucs[best], a.Average(), [.. top.Select(i => rows[i])], [.. top.Select(i => a[i])]);
    }
}
