using System.Text.Json;
using System.Text.Json.Nodes;
using Subx.Runs;
using Subx.Tasks;
using Subx.Units;
using TorchSharp;
using static TorchSharp.torch;

namespace Subx.Hosts;

/// <summary>One planted task: its data, its kind, and the units that truly compute it.</summary>
public sealed record ZooTask(string Name, string Kind, TaskData Data, Subnet Truth);

/// <summary>
/// A planted zoo: a host whose per-task subnets are known. <see cref="Accuracy"/> is the host's
/// test accuracy per task; <see cref="Ablation"/>[t][u] is task u's test accuracy with task t's
/// true units zeroed.
/// </summary>
public sealed record Zoo(MlpHost Host, IReadOnlyList<ZooTask> Tasks, double[] Accuracy, double[][] Ablation, ZooConfig Config)
{
    /// <summary>File name of the truth inside a zoo folder.</summary>
    public const string TruthFile = "truth.json";
    /// <summary>File name of the zoo's build report inside a zoo folder.</summary>
    public const string ReportFile = "zoo.json";
    /// <summary>Folder of the task datasets inside a zoo folder.</summary>
    public const string TasksFolder = "tasks";

    /// <summary>The task by name, or null.</summary>
    public ZooTask? Task(string name) => Tasks.FirstOrDefault(t => t.Name == name);

    /// <summary>
    /// Writes the zoo into a folder: host.safetensors, host.json, truth.json, tasks/NAME.tsv and
    /// zoo.json (config, accuracies, ablation). Every file is written atomically; the folder must
    /// not already hold a zoo.
    /// </summary>
    public void Save(string dir)
    {
        if (File.Exists(Path.Combine(dir, TruthFile)) || File.Exists(Path.Combine(dir, MlpHost.ConfigFile)))
            throw new SubxException($"{dir}: already holds a zoo or host; choose an empty folder (nothing was written).");
        Directory.CreateDirectory(dir);
        foreach (var t in Tasks) TaskWriter.WriteTsv(t.Data, Path.Combine(dir, TasksFolder, t.Name + ".tsv"));
        var truth = new JsonObject
        {
            ["tasks"] = new JsonArray(Tasks.Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.Name,
                ["kind"] = t.Kind,
                ["units"] = t.Truth.ToJsonUnits(),
            }).ToArray()),
        };
        var indented = new JsonSerializerOptions { WriteIndented = true };
        AtomicFile.WriteAllText(Path.Combine(dir, TruthFile), truth.ToJsonString(indented));
        var report = new JsonObject
        {
            ["config"] = JsonSerializer.SerializeToNode(Config),
            ["host"] = Host.Description,
            ["tasks"] = new JsonArray(Tasks.Select((t, i) => (JsonNode)new JsonObject
            {
                ["name"] = t.Name,
                ["kind"] = t.Kind,
                ["testAccuracy"] = Accuracy[i],
                ["testAccuracyWithOwnUnitsAblated"] = Ablation[i][i],
                ["worstOtherTaskAccuracyWithTheseUnitsAblated"] = Enumerable.Range(0, Tasks.Count).Where(u => u != i).Min(u => Ablation[i][u]),
            }).ToArray()),
        };
        AtomicFile.WriteAllText(Path.Combine(dir, ReportFile), report.ToJsonString(indented));
        // The host goes last: a folder with host.json is a finished zoo.
        Host.Save(dir);
    }

    /// <summary>Loads a zoo folder: the host, every task's data and the truth (checked against the host).</summary>
    public static Zoo Load(string dir, SplitConfig? split = null)
    {
        var host = MlpHost.Load(dir);
        string truthPath = Path.Combine(dir, TruthFile);
        if (!File.Exists(truthPath)) throw new SubxException($"{truthPath}: file not found (expected the zoo's truth; is '{dir}' a zoo folder?).");
        JsonNode truth;
        try { truth = JsonNode.Parse(File.ReadAllText(truthPath)) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw SubxException.Bad(truthPath, "(file)", "JSON", $"invalid JSON ({e.Message})"); }
        // The zoo's own split seed, so that a loaded zoo's test split is the one it was checked on.
        var config = new ZooConfig();
        var reportPath = Path.Combine(dir, ReportFile);
        if (File.Exists(reportPath) && JsonNode.Parse(File.ReadAllText(reportPath))?["config"] is JsonNode c)
            config = c.Deserialize<ZooConfig>() ?? config;
        var tasks = new List<ZooTask>();
        var array = truth["tasks"] as JsonArray ?? throw SubxException.Bad(truthPath, "tasks", "an array", "nothing");
        foreach (var node in array)
        {
            string name = node?["name"]?.GetValue<string>() ?? throw SubxException.Bad(truthPath, "tasks[].name", "a task name", "nothing");
            string kind = node["kind"]?.GetValue<string>() ?? "unknown";
            var subnet = Subnet.FromJsonUnits(host.Units, node["units"], $"{truthPath} task '{name}'");
            var data = TaskReader.Read(Path.Combine(dir, TasksFolder, name + ".tsv"), split ?? new SplitConfig(Seed: config.Seed), name);
            tasks.Add(new ZooTask(name, kind, data, subnet));
        }
        var (accuracy, ablation) = Evaluate(host, tasks);
        return new Zoo(host, tasks, accuracy, ablation, config);
    }

    /// <summary>The host's test accuracy per task, and per (ablated task, task) with the first task's true units zeroed.</summary>
    private static (double[] Accuracy, double[][] Ablation) Evaluate(MlpHost host, IReadOnlyList<ZooTask> tasks) =>
        (tasks.Select(t => TestAccuracy(host, t, null)).ToArray(),
         tasks.Select(a => tasks.Select(t => TestAccuracy(host, t, a.Truth.Mask.Select(m => !m).ToArray())).ToArray()).ToArray());

    /// <summary>
    /// Builds a zoo: makes the task data, trains the host under structural masks, adds off-block
    /// noise, permutes each layer's units, and checks accuracy and the truth by ablation.
    /// Throws a <see cref="SubxException"/> if the host did not learn a task or the truth check fails.
    /// </summary>
    public static Zoo Build(ZooConfig config, IProgress<(int Step, int Total)>? progress = null)
    {
        config.Validate();
        using var _ = NewDisposeScope();
        var rng = new Random(config.Seed);
        var gen = new Generator((ulong)config.Seed);
        var split = new SplitConfig(Seed: config.Seed);

        // 1. Tasks: data and labels.
        var names = new string[config.Tasks];
        var kinds = new string[config.Tasks];
        var xs = new Tensor[config.Tasks];
        var data = new TaskData[config.Tasks];
        for (int t = 0; t < config.Tasks; t++)
        {
            kinds[t] = config.Kinds[t % config.Kinds.Count];
            names[t] = $"{kinds[t]}{t}";
            xs[t] = randn(new long[] { config.Samples, config.Inputs }, generator: gen); // [samples, inputs]
            long[] labels = ZooTaskMaker.Labels(kinds[t], xs[t], config, rng, gen);
            var flat = xs[t].data<float>().ToArray();
            var rows = Enumerable.Range(0, config.Samples).Select(i => flat.AsSpan(i * config.Inputs, config.Inputs).ToArray()).ToArray();
            data[t] = TaskData.FromFeatures(names[t], rows, labels.Select(l => l.ToString()).ToArray(), split);
        }

        // 2. Structure: unit j of a layer belongs to task j / Group, or is shared when j ≥ Tasks·Group.
        int width = config.Tasks * config.Group + config.Shared;
        int Owner(int j) => j < config.Tasks * config.Group ? j / config.Group : -1; // -1 = shared
        var masks = new Tensor[config.Layers];
        for (int l = 0; l < config.Layers; l++)
        {
            int fanIn = l == 0 ? config.Inputs : width;
            var m = new float[width * fanIn];
            for (int j = 0; j < width; j++)
                for (int i = 0; i < fanIn; i++)
                    m[j * fanIn + i] = l == 0 || Owner(j) == Owner(i) ? 1f : 0f;
            masks[l] = tensor(m).reshape(width, fanIn);
        }
        var headMasks = Enumerable.Range(0, config.Tasks).Select(t =>
            tensor(Enumerable.Range(0, width).Select(j => Owner(j) == t || Owner(j) == -1 ? 1f : 0f).ToArray()).unsqueeze(0)).ToArray(); // [1, width]

        // 3. Train, masked: off-block weights stay exactly zero during training.
        var ws = new List<Tensor>(); var bs = new List<Tensor>();
        for (int l = 0; l < config.Layers; l++)
        {
            int fanIn = l == 0 ? config.Inputs : width;
            ws.Add(Init.LinearDefault(width, fanIn, gen).requires_grad_(true));
            bs.Add(zeros(width).requires_grad_(true));
        }
        var hw = Enumerable.Range(0, config.Tasks).Select(_ => Init.LinearDefault(2, width, gen).requires_grad_(true)).ToArray();
        var hb = Enumerable.Range(0, config.Tasks).Select(_ => zeros(2).requires_grad_(true)).ToArray();
        var parameters = ws.Concat(bs).Concat(hw).Concat(hb).Select(p => new TorchSharp.Modules.Parameter(p)).ToArray();
        using var opt = new TorchAdam(parameters, config.LearningRate);
        var sharedMask = tensor(Enumerable.Range(0, width).Select(j => Owner(j) == -1 ? 1f : 0f).ToArray()).unsqueeze(0); // [1, width]
        var trainLabels = data.Select(d => tensor(d.Labels.Select(l => (long)l).ToArray())).ToArray();
        for (int step = 0; step < config.TrainSteps; step++)
        {
            using var stepScope = NewDisposeScope();
            opt.ZeroGrad();
            // Cosine decay to 10% of the learning rate: the last steps polish accuracy.
            double progressFraction = (double)step / config.TrainSteps;
            opt.LearningRate = config.LearningRate * (0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * progressFraction)));
            Tensor loss = zeros(1);
            for (int t = 0; t < config.Tasks; t++)
            {
                var train = data[t].Splits.Train;
                var idx = tensor(Enumerable.Range(0, config.BatchSize).Select(_ => (long)train[rng.Next(train.Length)]).ToArray());
                var h = xs[t].index_select(0, idx);
                for (int l = 0; l < config.Layers; l++)
                    h = nn.functional.relu(nn.functional.linear(h, parameters[l] * masks[l], parameters[config.Layers + l]));
                var logits = nn.functional.linear(h, parameters[2 * config.Layers + t] * headMasks[t], parameters[2 * config.Layers + config.Tasks + t]);
                loss = loss.Plus(nn.functional.cross_entropy(logits, trainLabels[t].index_select(0, idx)))
                    .Plus((parameters[2 * config.Layers + t] * sharedMask).Squared().sum().Times(config.SharedHeadPenalty));
            }
            loss.backward();
            opt.Step();
            if (progress is not null && (step % 50 == 0 || step == config.TrainSteps - 1)) progress.Report((step + 1, config.TrainSteps));
        }

        // 4. Off-block noise, so the structure does not show as zeros.
        var finalW = new Tensor[config.Layers];
        var finalB = new Tensor[config.Layers];
        using (no_grad())
        {
            for (int l = 0; l < config.Layers; l++)
            {
                var w = parameters[l].detach() * masks[l];
                var rms = (w.Squared().sum() / masks[l].sum()).sqrt();
                finalW[l] = w.Plus((masks[l].SubtractedFrom(1) * randn(w.shape, generator: gen) * rms).Times(config.Noise));
                finalB[l] = parameters[config.Layers + l].detach().clone();
            }
        }
        var finalHw = new Tensor[config.Tasks];
        var finalHb = new Tensor[config.Tasks];
        for (int t = 0; t < config.Tasks; t++)
        {
            var w = parameters[2 * config.Layers + t].detach() * headMasks[t];
            var rms = (w.Squared().sum() / headMasks[t].sum().Times(2L)).sqrt();
            finalHw[t] = w.Plus((headMasks[t].SubtractedFrom(1) * randn(w.shape, generator: gen) * rms).Times(config.Noise));
            finalHb[t] = parameters[2 * config.Layers + config.Tasks + t].detach().clone();
        }

        // 5. Permute each layer's units so the structure does not show by position.
        var perms = new long[config.Layers][]; // perms[l][new position] = old position
        for (int l = 0; l < config.Layers; l++)
            perms[l] = Enumerable.Range(0, width).Select(i => (long)i).OrderBy(_ => rng.Next()).ToArray();
        for (int l = 0; l < config.Layers; l++)
        {
            var p = tensor(perms[l]);
            finalW[l] = finalW[l].index_select(0, p);
            if (l > 0) finalW[l] = finalW[l].index_select(1, tensor(perms[l - 1]));
            finalB[l] = finalB[l].index_select(0, p);
        }
        var last = tensor(perms[^1]);
        for (int t = 0; t < config.Tasks; t++) finalHw[t] = finalHw[t].index_select(1, last);

        var heads = Enumerable.Range(0, config.Tasks).Select(t => new MlpHead(names[t], finalHw[t].MoveToOuterDisposeScope(), finalHb[t].MoveToOuterDisposeScope())).ToList();
        var host = new MlpHost(config.Inputs, finalW.Select(w => w.contiguous().MoveToOuterDisposeScope()).ToList(), finalB.Select(b => b.contiguous().MoveToOuterDisposeScope()).ToList(), heads);

        // The truth: the new positions of each task's units.
        var tasks = new List<ZooTask>();
        for (int t = 0; t < config.Tasks; t++)
        {
            var units = new List<UnitId>();
            for (int l = 0; l < config.Layers; l++)
                for (int pos = 0; pos < width; pos++)
                    if (Owner((int)perms[l][pos]) == t) units.Add(new UnitId(l, UnitKind.Mlp, pos));
            tasks.Add(new ZooTask(names[t], kinds[t], data[t], Subnet.FromUnits(host.Units, units)));
        }

        // 6. Checks: the host learned every task; ablating a task's units destroys it and spares the rest.
        var (accuracy, ablation) = Evaluate(host, tasks);
        var zoo = new Zoo(host, tasks, accuracy, ablation, config);
        zoo.Check();
        return zoo;
    }

    /// <summary>The host's accuracy on a task's test split, with optional unit ablation.</summary>
    public static double TestAccuracy(MlpHost host, ZooTask task, IReadOnlyList<bool>? keep)
    {
        using var _ = NewDisposeScope();
        var rows = task.Data.Splits.Test;
        var y = task.Data.LabelsOf(rows);
        var input = task.Data.FeaturesOf(rows);
        var predicted = host.Logits(input, task.Name, keep).argmax(1).data<long>().ToArray();
        return predicted.Zip(y, (p, a) => p == a ? 1.0 : 0.0).Average();
    }

    private void Check()
    {
        for (int t = 0; t < Tasks.Count; t++)
            if (Accuracy[t] < Config.MinAccuracy)
                throw new SubxException(
                    $"zoo: task '{Tasks[t].Name}' ({Tasks[t].Kind}): the host reached {Accuracy[t]:P1} test accuracy; expected at least {Config.MinAccuracy:P1}. " +
                    "No zoo was written. Try more --samples, more training steps, a larger --group, or another --seed.");
        for (int t = 0; t < Tasks.Count; t++)
        {
            double own = Metrics.NormalizedScore(Ablation[t][t], 2);
            if (own > Config.MaxAblatedOwnScore)
                throw new SubxException(
                    $"zoo: truth check: with task '{Tasks[t].Name}''s units ablated the host still scores {own:F2} (normalised) on it; expected at most {Config.MaxAblatedOwnScore:F2}. " +
                    "Its shared units carry the task; try fewer --shared units. No zoo was written.");
            for (int u = 0; u < Tasks.Count; u++)
                if (u != t && Accuracy[u] - Ablation[t][u] > Config.MaxAblatedOtherDrop)
                    throw new SubxException(
                        $"zoo: truth check: ablating task '{Tasks[t].Name}''s units lowers task '{Tasks[u].Name}' from {Accuracy[u]:P1} to {Ablation[t][u]:P1}; " +
                        $"expected a drop of at most {Config.MaxAblatedOtherDrop:P1}. Try a smaller --noise. No zoo was written.");
        }
    }
}
