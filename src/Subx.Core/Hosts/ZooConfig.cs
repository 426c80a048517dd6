namespace Subx.Hosts;

/// <summary>
/// How to build a planted zoo: a multi-task MLP host trained under structural masks so that each
/// task's units form a known column (the truth). Defaults give the default zoo of the README.
/// </summary>
public sealed record ZooConfig
{
    /// <summary>Seed for every random choice (task definitions, data, initialisation, permutation).</summary>
    public int Seed { get; init; } = 0;
    /// <summary>Number of tasks (one head and one column of units each).</summary>
    public int Tasks { get; init; } = 6;
    /// <summary>Number of hidden layers.</summary>
    public int Layers { get; init; } = 2;
    /// <summary>Units per task per hidden layer.</summary>
    public int Group { get; init; } = 24;
    /// <summary>Generic units per hidden layer, trained by every task.</summary>
    public int Shared { get; init; } = 16;
    /// <summary>Number of input features (standard normal).</summary>
    public int Inputs { get; init; } = 24;
    /// <summary>Task kinds, cycled over the tasks: `linear`, `mlp`, `parity`.</summary>
    public IReadOnlyList<string> Kinds { get; init; } = ["linear", "mlp", "parity"];
    /// <summary>Std of the off-block weights added after training, relative to the RMS of the trained in-block weights of the same layer.</summary>
    public double Noise { get; init; } = 0.05;
    /// <summary>Samples per task dataset (split into train / validation / test).</summary>
    public int Samples { get; init; } = 20000;
    /// <summary>Inputs each task's label depends on (drawn at random per task).</summary>
    public int Subset { get; init; } = 6;
    /// <summary>Number of linear features whose signs are multiplied for a `parity` label.</summary>
    public int ParityOrder { get; init; } = 3;
    /// <summary>Hidden width of the random tanh teacher of an `mlp` task.</summary>
    public int TeacherWidth { get; init; } = 4;
    /// <summary>Adam steps used to train the host.</summary>
    public int TrainSteps { get; init; } = 8000;
    /// <summary>Examples per task per training step.</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>Adam learning rate for training the host.</summary>
    public double LearningRate { get; init; } = 3e-3;
    /// <summary>
    /// L2 penalty on the heads' weights from the shared units. Without it the shared units, trained
    /// by every task, carry enough of each task that ablating a task's own units does not destroy it.
    /// </summary>
    public double SharedHeadPenalty { get; init; } = 0.1;
    /// <summary>The host must reach this test accuracy on every task, or no zoo is written.</summary>
    public double MinAccuracy { get; init; } = 0.95;
    /// <summary>After ablating its own units, a task's normalised test score must fall to at most this.</summary>
    public double MaxAblatedOwnScore { get; init; } = 0.35;
    /// <summary>Ablating another task's units may lower a task's test accuracy by at most this.</summary>
    public double MaxAblatedOtherDrop { get; init; } = 0.05;

    /// <summary>The task kinds the zoo can plant.</summary>
    public static readonly IReadOnlyList<string> KnownKinds = ["linear", "mlp", "parity"];

    /// <summary>
    /// Checks every field; throws a <see cref="SubxException"/> naming the first bad one: as
    /// "WHERE: field: …", or, with <paramref name="option"/>, by the name it returns for the field (the
    /// command line's option, e.g. `train steps` → `--steps`).
    /// </summary>
    public void Validate(string where = "zoo", Func<string, string>? option = null)
    {
        void Need(bool ok, string field, string expected, object found)
        {
            if (ok) return;
            string shown = Convert.ToString(found, System.Globalization.CultureInfo.InvariantCulture) ?? "null";
            throw option is null ? SubxException.Bad(where, field, expected, shown) : new SubxException($"{option(field)}: expected {expected}, found {shown}.");
        }
        Need(Tasks >= 2, "tasks", "at least 2 (a task needs distractors)", Tasks);
        Need(Layers >= 1, "layers", "at least 1", Layers);
        Need(Group >= 1, "group", "at least 1", Group);
        Need(Shared >= 0, "shared", "0 or more", Shared);
        Need(Inputs >= 2, "inputs", "at least 2", Inputs);
        Need(Kinds.Count > 0, "kinds", "a non-empty list", "an empty list");
        foreach (var k in Kinds) Need(KnownKinds.Contains(k), "kinds", $"one of {string.Join(", ", KnownKinds)}", $"'{k}'");
        Need(Noise >= 0, "noise", "0 or more", Noise);
        Need(Samples >= 100, "samples", "at least 100", Samples);
        Need(Subset >= 1 && Subset <= Inputs, "subset", $"between 1 and inputs ({Inputs})", Subset);
        Need(ParityOrder >= 2 && ParityOrder <= Subset, "parity order", $"between 2 and subset ({Subset})", ParityOrder);
        Need(TrainSteps >= 1, "train steps", "at least 1", TrainSteps);
        Need(MinAccuracy is > 0 and <= 1, "min accuracy", "a fraction in (0, 1]", MinAccuracy);
    }
}
