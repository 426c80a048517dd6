using System.Text.Json;
using System.Text.Json.Nodes;
using Subx.Extractors.Policy;
using Subx.Observation;
using Subx.Runs;
using Subx.Scoring;
using Subx.Tasks;

namespace Subx.Training;

/// <summary>Everything that defines an SE training run.</summary>
/// <param name="Train">The RL settings.</param>
/// <param name="Policy">The perceiver's shape.</param>
/// <param name="Observation">What the policy reads.</param>
public sealed record SeRunConfig(TrainConfig Train, PolicyConfig Policy, ObservationConfig Observation)
{
    /// <summary>The defaults of every part.</summary>
    public static SeRunConfig Default => new(new TrainConfig(), new PolicyConfig(), new ObservationConfig());
}

/// <summary>
/// Trains the subnet extractor into a run folder: a new run, or a resumed one (the same command
/// again with `resume`; a new task list continues training on new target tasks — the proposal's
/// "continue SE's training process"). Writes checkpoint.safetensors every N iterations and at the
/// end, metrics.jsonl and metrics.csv every iteration, and config.json at the start.
/// </summary>
public static class SeRun
{
    /// <summary>The resolved configuration's file name.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>What a run's SE reads: a resumed run's own observation (<paramref name="resumed"/>), else the config's.</summary>
    public static ObservationConfig ObservationOf(SeRunConfig config, Checkpoint.Info? resumed) => resumed?.Observation ?? config.Observation;

    /// <summary>
    /// The tasks whose learned gates a run reads, which it fits before its first iteration: every task of
    /// both pools (a task drawn as T or as a distractor), each once.
    /// </summary>
    public static IReadOnlyList<TaskData> GateTasks(IEnumerable<PoolTask> pool, IEnumerable<PoolTask> distractorPool) =>
        [.. pool.Concat(distractorPool).Select(t => t.Data).Distinct()];

    /// <summary>Runs training; returns the trained policy and the final state.</summary>
    public static (PerceiverPolicy Policy, TrainState State) Train(
        Scorer scorer, IReadOnlyList<PoolTask> pool, IReadOnlyList<PoolTask> distractorPool, SeRunConfig config,
        string? runDir, bool resume, IProgress<SeProgress>? progress = null)
    {
        var host = scorer.Host;
        var train = config.Train;
        var observationConfig = config.Observation;
        var policyConfig = config.Policy;
        if (resume)
        {
            if (runDir is null) throw new ArgumentException("resume needs a run folder");
            // The run's own policy shape and observation; the caller's training settings (tasks, iterations) win.
            var info = Checkpoint.ReadInfo(runDir);
            if (info.HostDescription != host.Description)
                throw SubxException.Bad(runDir, "host", $"the host the run was trained on ({info.HostDescription})", host.Description);
            observationConfig = ObservationOf(config, info);
            policyConfig = info.Policy;
        }
        if (policyConfig.GatePrior != 0 && observationConfig.Gates is null)
            throw SubxException.Bad("train", "policy gate prior", "an observation with gates (observation.gates set)", "no gates");
        var observations = new ObservationBuilder(host, observationConfig);
        var policy = new PerceiverPolicy(observations.FeatureCount, policyConfig);
        var optimizer = new Adam(policy, train.LearningRate);
        var state = new TrainState();
        if (resume) Checkpoint.Restore(runDir!, policy, optimizer, state, host.Units);
        if (state.Iteration >= train.Iterations)
            throw SubxException.Bad(runDir ?? "train", "iterations", $"more than the {state.Iteration} the run has already done", train.Iterations.ToString());

        MetricsLog? log = null;
        if (runDir is not null)
        {
            Directory.CreateDirectory(runDir);
            log = new MetricsLog(runDir, state.Iteration);
            var resolved = new JsonObject
            {
                ["host"] = host.Description,
                ["tasks"] = new JsonArray(pool.Select(t => (JsonNode)JsonValue.Create(t.Name)!).ToArray()),
                ["distractorPool"] = new JsonArray(distractorPool.Select(t => (JsonNode)JsonValue.Create(t.Name)!).ToArray()),
                ["resumedAt"] = resume ? state.Iteration : null,
                ["train"] = JsonSerializer.SerializeToNode(train),
                ["policy"] = JsonSerializer.SerializeToNode(policyConfig),
                ["observation"] = JsonSerializer.SerializeToNode(observationConfig),
                ["scorer"] = JsonSerializer.SerializeToNode(scorer.Config),
            };
            AtomicFile.WriteAllText(Path.Combine(runDir, ConfigFile), resolved.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        // The gates every iteration's observation reads, fitted first so that progress shows them: a BERT
        // host spends minutes here, which would otherwise pass inside the first iteration at 0%. Every
        // task of both pools is fitted, even one a short run never draws (seeded per task, so the gates,
        // and the policy, are the same as when each was fitted on first use).
        var gateTasks = GateTasks(pool, distractorPool);
        bool fitsGates = observations.GatesToFit(gateTasks) > 0;
        if (fitsGates)
            observations.FitGates(gateTasks, progress is null ? null
                : new Inline<double>(f => progress.Report(SeProgress.FittingGates(state.Iteration, train.Iterations, f))));

        var rl = new Reinforce(policy, optimizer, observations, scorer, train);
        rl.Run(pool, distractorPool, state, (iteration, metrics) =>
        {
            log?.Append(metrics);
            if (runDir is not null && (iteration % train.CheckpointEvery == 0 || iteration == train.Iterations))
                Checkpoint.Save(runDir, policy, optimizer, state, train, observationConfig, host);
            progress?.Report(new SeProgress(iteration, train.Iterations, (double)metrics[Metric.Reward], AfterGates: fitsGates));
        });
        return (policy, state);
    }
}
