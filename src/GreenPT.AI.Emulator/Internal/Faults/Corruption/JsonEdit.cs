using System.Text.Json;

namespace GreenPT.AI.Emulator.Internal.Faults.Corruption;

/// <summary>What a <see cref="JsonRewriter"/> changes; each hook returns raw bytes to write, or <see langword="null"/> to keep the original.</summary>
internal abstract class JsonEdit
{
    /// <summary>Raw JSON written in place of the value at <paramref name="path"/>.</summary>
    public virtual byte[]? ReplaceValue(string path, JsonElement value) => null;

    /// <summary>Raw bytes written between the quotes in place of the property name at <paramref name="path"/>.</summary>
    public virtual byte[]? ReplaceName(string path, ReadOnlySpan<byte> rawName) => null;

    /// <summary>Raw members (<c>"name":value</c>) appended to the object at <paramref name="path"/>.</summary>
    public virtual byte[]? AppendMembers(string path, JsonElement obj) => null;
}

/// <summary>Replaces values at the paths <paramref name="at"/> accepts; <paramref name="replace"/> may decline a value (null).</summary>
internal sealed class ValueEdit(Func<string, bool> at, Func<JsonElement, byte[]?> replace) : JsonEdit
{
    public override byte[]? ReplaceValue(string path, JsonElement value) => at(path) ? replace(value) : null;
}

/// <summary>Puts <paramref name="prefix"/> in front of the property name at <paramref name="target"/>.</summary>
internal sealed class NamePrefixEdit(string target, byte[] prefix) : JsonEdit
{
    public override byte[]? ReplaceName(string path, ReadOnlySpan<byte> rawName)
        => path == target ? [.. prefix, .. rawName] : null;
}

/// <summary>Appends the members <paramref name="members"/> returns to the root object (it may decline: null).</summary>
internal sealed class RootAppendEdit(Func<JsonElement, byte[]?> members) : JsonEdit
{
    public override byte[]? AppendMembers(string path, JsonElement obj) => path.Length == 0 ? members(obj) : null;
}
