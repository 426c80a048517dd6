using Subx.Tasks;

namespace Subx.Extractors.Baselines;

/// <summary>The shape the task-aware baselines share: a per-unit score on T minus its mean over the distractors.</summary>
internal static class TaskContrast
{
    /// <summary>
    /// <paramref name="perTask"/> on T minus its mean over the request's distractors (T's alone when
    /// there are none), in unit-space order, reporting progress after each task.
    /// </summary>
    public static double[] Scores(ExtractionRequest request, Func<TaskData, double[]> perTask, IProgress<double>? progress)
    {
        int tasks = 1 + request.Distractors.Count;
        var onTask = perTask(request.Task);
        progress?.Report(1.0 / tasks);
        if (request.Distractors.Count == 0) return onTask;
        var sum = new double[onTask.Length];
        for (int d = 0; d < request.Distractors.Count; d++)
        {
            var scores = perTask(request.Distractors[d]);
            for (int u = 0; u < sum.Length; u++) sum[u] += scores[u];
            progress?.Report((2.0 + d) / tasks);
        }
        return onTask.Select((s, u) => s - sum[u] / request.Distractors.Count).ToArray();
    }
}
