using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Subx.Scoring;
using Subx.Tasks;

namespace Subx.Training;

/// <summary>
/// SE policies trained once and kept: the run folder is named by the host and a hash of everything
/// that shapes the policy (training tasks, distractor pool, every setting), so a later run with the
/// same inputs reuses it, and any change trains a new one. A run killed half-way resumes from its
/// last checkpoint. Finished runs that ship with Subx (policies/ beside the program: the held-out
/// SEs of the built-in tasks on MiniLM, see policies/README.md) are used as they are, never written.
/// </summary>
public static class PolicyCache
{
    /// <summary>The folder of the policies that ship with Subx: policies/ beside the program.</summary>
    public static string ShippedRoot => Path.Combine(AppContext.BaseDirectory, "policies");

    /// <summary>
    /// The run folder's name for an SE trained as asked: the host's name and the first 12 hex digits
    /// of the SHA-256 of every input that shapes the policy.
    /// </summary>
    public static string RunName(string hostName, ScorerConfig scorer, IReadOnlyList<string> tasks, IReadOnlyList<string> distractors, SeRunConfig config)
    {
        string key = JsonSerializer.Serialize(new
        {
            host = hostName,
            tasks = tasks.ToArray(),
            distractors = distractors.ToArray(),
            config.Train, config.Policy, config.Observation, scorer,
        });
        return $"{hostName}-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12].ToLowerInvariant()}";
    }

    /// <summary>
    /// The run folder of an SE trained as asked: a finished one shipped in <paramref name="shippedRoot"/>
    /// (default <see cref="ShippedRoot"/>), else the one in <paramref name="cacheRoot"/>, training (or
    /// finishing) it there first if needed.
    /// </summary>
    public static string Ensure(string cacheRoot, string hostName, Scorer scorer, IReadOnlyList<PoolTask> pool, IReadOnlyList<PoolTask> distractorPool,
        SeRunConfig config, IProgress<SeProgress>? progress = null, string? shippedRoot = null)
    {
        string name = RunName(hostName, scorer.Config, pool.Select(t => t.Name).ToList(), distractorPool.Select(t => t.Name).ToList(), config);
        string shipped = Path.Combine(shippedRoot ?? ShippedRoot, name);
        if (Finished(shipped, config)) return shipped;
        string dir = Path.Combine(cacheRoot, name);
        if (Finished(dir, config)) return dir;
        SeRun.Train(scorer, pool, distractorPool, config, dir, resume: File.Exists(Path.Combine(dir, Checkpoint.FileName)), progress);
        return dir;
    }

    /// <summary>
    /// The SE for a built-in task as T that has never seen T: trained on every other built-in task
    /// (they are also its distractor pool), cached like any other. For a task that is not built in
    /// (a user's file), that is all six. What `subx extract` and the text bench start from.
    /// </summary>
    public static string HeldOut(string cacheRoot, string hostName, Scorer scorer, string target, SeRunConfig config,
        IProgress<SeProgress>? progress = null, string? shippedRoot = null)
    {
        var pool = HeldOutPool(target).Select(n => new PoolTask(BuiltInTasks.Load(n))).ToList();
        return Ensure(cacheRoot, hostName, scorer, pool, pool, config, progress, shippedRoot);
    }

    /// <summary>The built-in tasks an SE for <paramref name="target"/> trains on: all but the target.</summary>
    public static IReadOnlyList<string> HeldOutPool(string target) => BuiltInTasks.Names.Where(n => n != target).ToList();

    private static bool Finished(string dir, SeRunConfig config) =>
        File.Exists(Path.Combine(dir, Checkpoint.FileName)) && Checkpoint.ReadInfo(dir).Iteration >= config.Train.Iterations;
}
