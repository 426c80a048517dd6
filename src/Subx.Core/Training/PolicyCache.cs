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
/// last checkpoint.
/// </summary>
public static class PolicyCache
{
    /// <summary>The run folder of an SE trained as asked, training (or finishing) it first if needed.</summary>
    public static string Ensure(string cacheRoot, string hostName, Scorer scorer, IReadOnlyList<PoolTask> pool, IReadOnlyList<PoolTask> distractorPool,
        SeRunConfig config, IProgress<(int Iteration, int Total, double Reward)>? progress = null)
    {
        string key = JsonSerializer.Serialize(new
        {
            host = hostName,
            tasks = pool.Select(t => t.Name).ToArray(),
            distractors = distractorPool.Select(t => t.Name).ToArray(),
            config.Train, config.Policy, config.Observation, scorer = scorer.Config,
        });
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..12].ToLowerInvariant();
        string dir = Path.Combine(cacheRoot, $"{hostName}-{hash}");
        bool started = File.Exists(Path.Combine(dir, Checkpoint.FileName));
        if (started && Checkpoint.ReadInfo(dir).Iteration >= config.Train.Iterations) return dir;
        SeRun.Train(scorer, pool, distractorPool, config, dir, resume: started, progress);
        return dir;
    }

    /// <summary>
    /// The SE for a built-in task as T that has never seen T: trained on every other built-in task
    /// (they are also its distractor pool), cached like any other. For a task that is not built in
    /// (a user's file), that is all six. What `subx extract` and the text bench start from.
    /// </summary>
    public static string HeldOut(string cacheRoot, string hostName, Scorer scorer, string target, SeRunConfig config,
        IProgress<(int Iteration, int Total, double Reward)>? progress = null)
    {
        var pool = BuiltInTasks.Names.Where(n => n != target).Select(n => new PoolTask(BuiltInTasks.Load(n))).ToList();
        return Ensure(cacheRoot, hostName, scorer, pool, pool, config, progress);
    }
}
