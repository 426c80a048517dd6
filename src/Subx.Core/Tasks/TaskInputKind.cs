namespace Subx.Tasks;

/// <summary>What a task's inputs are.</summary>
public enum TaskInputKind
{
    /// <summary>Each row is a fixed-length vector of numbers.</summary>
    Features,

    /// <summary>Each row is a piece of text.</summary>
    Text,
}
