using System.Text.Json;

namespace GreenPT.AI.Wire;

/// <summary>A request body that callers may extend with extra top-level fields (<see cref="GreenPTPropertyNames.ExtraBody"/>).</summary>
internal interface IExtensibleRequest
{
    /// <summary>Caller-supplied top-level fields, written verbatim after the mapped ones.</summary>
    Dictionary<string, JsonElement>? ExtraFields { get; set; }

    /// <summary>
    /// Clears the mapped field that has the given JSON name, so that an extra field of the same name replaces it instead of
    /// producing a duplicate key. <see langword="false"/> for fields the client must control.
    /// </summary>
    bool TryClearField(string jsonName);
}
