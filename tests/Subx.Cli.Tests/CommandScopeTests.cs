using TorchSharp;
using static TorchSharp.torch;

namespace Subx.Tests.Cli;

/// <summary>
/// Every command runs inside one dispose scope (SubxApp.Run), so no tensor it makes — a one-off
/// construction's temporary included — is left for the finalizer to free while libtorch may still read
/// it (docs/ARCHITECTURE.md, "Nothing is left to the finalizer").
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

    /// <summary>Tensors a command leaves in the scope it runs under (run here in the test's scope in place of its own).</summary>
    private static int LeftInScope(string[] args)
    {
        using var scope = NewDisposeScope();
        var r = CliRunner.RunInCallersScope(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        return scope.DisposablesCount;
    }

    [Fact]
    public void A_longer_run_leaves_no_more_in_the_commands_scope()
    {
        string[] Train(int iterations) =>
            ["train", "--host", zoo.Dir, "--holdout", "linear1", "--out", zoo.Scratch($"scope-train{iterations}"),
                "--iterations", iterations.ToString(), "--group-size", "2", "--checkpoint-every", "1"];
        Assert.Equal(LeftInScope(Train(1)), LeftInScope(Train(3)));
        string[] Continue(int iterations) =>
            ["extract", "--host", zoo.Dir, "--task", "linear0", "--extractor", "se", "--policy", zoo.Run, "--continue", iterations.ToString(), "--out", zoo.Scratch("scope-continue")];
        Assert.Equal(LeftInScope(Continue(1)), LeftInScope(Continue(3)));
    }
}
