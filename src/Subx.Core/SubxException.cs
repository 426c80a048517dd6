namespace Subx;

/// <summary>
/// A problem with the user's input that they can act on: it names where (a file, a flag), the
/// field, what was expected and what was found. The CLI prints the message alone, without a stack.
/// </summary>
public sealed class SubxException : Exception
{
    /// <summary>A problem with the user's input, told by <paramref name="message"/>.</summary>
    public SubxException(string message) : base(message) { }

    /// <summary>A problem with the user's input that <paramref name="inner"/> revealed (a parse or IO error).</summary>
    public SubxException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Builds the standard message: `{where}: {field}: expected {expected}, found {found}.`</summary>
    public static SubxException Bad(string where, string field, string expected, string found) =>
        new($"{where}: {field}: expected {expected}, found {found}.");
}
