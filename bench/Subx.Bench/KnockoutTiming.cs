using System.Diagnostics;
using Subx.Hosts;
using Subx.Hosts.Bert;
using Subx.Scoring;
using Subx.Tasks;
using Subx.Units;
using static TorchSharp.torch;

/// <summary>
/// Seconds of one knock-out reading on MiniLM: one pass of M over a task's validation rows (as the
/// knock-out reads them) intact, with the subnet's complement zero-ablated, and mean- and
/// resample-ablated (medians of RUNS), so that the cost of the fill is measured against M's own.
/// </summary>
static class KnockoutTiming
{
    private static double Median(List<double> v) => v.Order().ElementAt(v.Count / 2);

    public static void Run(string hostName, string[] tasks, int rows, int runs)
    {
        var host = BertLoader.Load(hostName);
        var config = Knockout.Probe;
        Console.WriteLine($"{rows} validation rows per reading, chunks of {config.Chunk}; medians of {runs} rounds, the four readings interleaved; a random subnet of size 0.05 kept alone.\n");
        Console.WriteLine("| task | tokens | intact, s | zero-ablated, s | mean-ablated, s | resampled, s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var name in tasks)
        {
            using var scope = NewDisposeScope();
            var task = BuiltInTasks.Load(name);
            var validation = TaskSplits.Subset(task.Splits.Validation, rows);
            var train = TaskSplits.Subset(task.Splits.Train, config.MaxTrain);
            var inputs = host.Inputs(task, validation);
            var subnet = Scorer.RandomOfSize(host.Units, 0.05, 0);
            var gates = subnet.Gates();
            Tensor mean, donors;
            using (no_grad())
            {
                mean = host.MeanOutputs(host.Inputs(task, TaskSplits.Subset(train, config.MeanRows)));
                donors = Subx.Observation.UnitStats.Chunked(host.Inputs(task, train[..validation.Length]), config.Chunk, host.RowOutputs);
            }
            Func<long, HostInputs, Tensor>[] reads =
            [
                (_, x) => host.Represent(x),
                (_, x) => host.Represent(x, gates),
                (_, x) => host.Represent(x, gates, mean),
                (start, x) => host.Represent(x, gates, donors.narrow(0, start, x.Rows)),
            ];
            // Interleaved, round after round, so that the machine's drift falls on every reading alike.
            var seconds = reads.Select(_ => new List<double>()).ToArray();
            for (int r = 0; r < runs; r++)
                for (int k = 0; k < reads.Length; k++)
                {
                    var sw = Stopwatch.StartNew();
                    using (no_grad()) using (NewDisposeScope()) Subx.Observation.UnitStats.Chunked(inputs, config.Chunk, (x, start) => reads[k](start, x));
                    seconds[k].Add(sw.Elapsed.TotalSeconds);
                }
            var (intact, zero, meanAblated, resampled) = (Median(seconds[0]), Median(seconds[1]), Median(seconds[2]), Median(seconds[3]));
            Console.WriteLine($"| {name} | {inputs.X.shape[1]} | {intact:F2} | {zero:F2} | {meanAblated:F2} | {resampled:F2} |");
        }
    }
}
