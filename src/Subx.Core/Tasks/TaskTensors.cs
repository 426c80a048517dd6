using static TorchSharp.torch;

namespace Subx.Tasks;

/// <summary>A feature task's rows as tensors: the one place rows become [n, d] features and [n] labels.</summary>
public static class TaskTensors
{
    /// <summary>The features of the given rows, [rows, FeatureDim], float32.</summary>
    public static Tensor FeaturesOf(this TaskData task, int[] rows)
    {
        var (x, _) = task.Take(rows);
        var flat = new float[rows.Length * task.FeatureDim];
        for (int i = 0; i < x.Length; i++) x[i].CopyTo(flat, i * task.FeatureDim);
        return tensor(flat).reshape(rows.Length, task.FeatureDim);
    }

    /// <summary>The class indices of the given rows, [rows], int64.</summary>
    public static Tensor LabelTensorOf(this TaskData task, int[] rows) =>
        tensor(task.LabelsOf(rows).Select(v => (long)v).ToArray());
}
