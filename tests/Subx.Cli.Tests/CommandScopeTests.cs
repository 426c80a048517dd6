using TorchSharp;

namespace Subx.Tests.Cli;

/// <summary>
/// Every command runs inside one dispose scope (SubxApp.Run), so no tensor it makes — a one-off
/// construction's temporary included — is left for the finalizer to free while libtorch may still read
/// it (docs/ARCHITECTURE.md, "Every Scalar is held").
/// </summary>
[Collection(TinyZooCollection.Name)]
public class CommandScopeTests(TinyZoo zoo)
{
    [Theory]
    [InlineData("extract", "mask")]
    [InlineData("extract", "se")]
    [InlineData("train", null)]
    public void A_command_makes_no_tensor_outside_a_dispose_scope(string command, string? extractor)
    {
        string run = zoo.Run; // the shared SE run, trained before counting
        string dir = zoo.Scratch($"scope-{command}-{extractor}");
        string[] args = command == "train"
            ? ["train", "--host", zoo.Dir, "--holdout", "linear1", "--out", dir, .. TinyZoo.TrainArgs]
            : ["extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", extractor!, "--size", "0.4", "--out", dir,
                .. extractor == "se" ? new[] { "--policy", run, "--continue", "2" } : []];
        long before = DisposeScopeManager.Statistics.CreatedOutsideScopeCount;
        var r = CliRunner.Run(args);
        long outside = DisposeScopeManager.Statistics.CreatedOutsideScopeCount - before;
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(0, outside);
    }
}
