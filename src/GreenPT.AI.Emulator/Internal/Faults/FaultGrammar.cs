using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using GreenPT.AI.Emulator.Internal.Faults.Corruption;

namespace GreenPT.AI.Emulator.Internal.Faults;

/// <summary>
/// The <c>X-Emulator-Fault</c> grammar: items separated by <c>;</c>, names case-insensitive, whitespace around items
/// ignored, at most one kind item, any number of modifiers.
/// </summary>
internal static class FaultGrammar
{
    private static readonly (string Name, EmulatorFaultKind Kind)[] Kinds =
    [
        ("status", EmulatorFaultKind.Status),
        ("html502", EmulatorFaultKind.Html502),
        ("stall-headers", EmulatorFaultKind.StallHeaders),
        ("stall-mid-stream", EmulatorFaultKind.StallMidStream),
        ("drop-mid-stream", EmulatorFaultKind.DropMidStream),
        ("malformed-event", EmulatorFaultKind.MalformedEvent),
        ("error-event", EmulatorFaultKind.ErrorEvent),
        ("truncate", EmulatorFaultKind.Truncate),
    ];

    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out EmulatorFault? fault, [NotNullWhen(false)] out string? error)
    {
        fault = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "The fault is empty.";
            return false;
        }

        var result = new EmulatorFault();
        bool hasKind = false;
        foreach (string rawItem in value.Split(';'))
        {
            string item = rawItem.Trim();
            if (item.Length == 0)
            {
                continue;
            }

            int eq = item.IndexOf('=', StringComparison.Ordinal);
            string name = (eq < 0 ? item : item[..eq]).Trim().ToLowerInvariant();
            string? arg = eq < 0 ? null : item[(eq + 1)..].Trim();
            bool isKind = Array.Exists(Kinds, k => k.Name == name);
            if (isKind && hasKind)
            {
                error = $"More than one fault kind in '{value}'.";
                return false;
            }

            hasKind |= isKind;
            error = isKind ? ApplyKind(ref result, name, arg) : ApplyModifier(ref result, name, arg);
            if (error is not null)
            {
                return false;
            }
        }

        error = CheckCombination(result);
        fault = error is null ? result : null;
        return error is null;
    }

    /// <summary>An answer corruption goes with no kind, an error corruption with <c>status=</c> or <c>error-event</c>; else the reason.</summary>
    public static string? CheckCombination(EmulatorFault fault)
    {
        if (fault.Corruption == EmulatorCorruption.None)
        {
            return null;
        }

        var spec = CorruptionCatalog.Of(fault.Corruption);
        if (spec.ChangesErrorBodies)
        {
            return fault.Kind is EmulatorFaultKind.Status or EmulatorFaultKind.ErrorEvent
                ? null
                : $"corrupt={spec.Name} changes an error body: it needs status=<400-599> or error-event.";
        }

        return fault.Kind == EmulatorFaultKind.None ? null : $"corrupt={spec.Name} changes a successful answer: it takes no other fault kind.";
    }

    /// <summary>The fault in the grammar, kind first, so that parsing the text gives the fault back.</summary>
    public static string Format(EmulatorFault fault, bool includeRequestId)
    {
        var parts = new List<string>();
        if (fault.Kind == EmulatorFaultKind.Status)
        {
            parts.Add("status=" + fault.StatusCode.ToString(CultureInfo.InvariantCulture));
        }
        else if (Array.Find(Kinds, k => k.Kind == fault.Kind) is { Name: { } kindName })
        {
            parts.Add(kindName);
        }

        AddIf(parts, "corrupt", fault.Corruption == EmulatorCorruption.None ? null : CorruptionCatalog.Of(fault.Corruption).Name);
        AddIf(parts, "retry-after", fault.RetryAfterSeconds?.ToString(CultureInfo.InvariantCulture));
        AddIf(parts, "times", fault.Times?.ToString(CultureInfo.InvariantCulture));
        AddIf(parts, "key", fault.Key);
        AddIf(parts, "credits", fault.Credits);
        AddIf(parts, "request-id", includeRequestId ? fault.RequestId : null);
        AddIf(parts, "message", fault.Message);
        return string.Join(';', parts);
    }

    private static string? ApplyKind(ref EmulatorFault fault, string name, string? arg)
    {
        var kind = Array.Find(Kinds, k => k.Name == name).Kind;
        if (kind == EmulatorFaultKind.Status)
        {
            if (!TryInt(arg, 400, 599, out int status))
            {
                return "status= needs an HTTP status between 400 and 599.";
            }

            fault = fault with { Kind = kind, StatusCode = status };
            return null;
        }

        if (arg is not null)
        {
            return $"'{name}' takes no value.";
        }

        fault = fault with { Kind = kind };
        return null;
    }

    private static string? ApplyModifier(ref EmulatorFault fault, string name, string? arg)
    {
        switch (name)
        {
            case "retry-after" when TryInt(arg, 0, 86_400, out int seconds):
                fault = fault with { RetryAfterSeconds = seconds };
                return null;
            case "retry-after":
                return "retry-after= needs a whole number of seconds (0-86400).";
            case "times" when TryInt(arg, 1, 1_000_000, out int times):
                fault = fault with { Times = times };
                return null;
            case "times":
                return "times= needs a positive whole number.";
            case "key" or "message" when string.IsNullOrEmpty(arg):
                return $"{name}= needs a value.";
            case "key":
                fault = fault with { Key = arg };
                return null;
            case "message":
                fault = fault with { Message = arg };
                return null;
            case "credits" or "request-id" when !IsSafeToken(arg):
                return $"{name}= needs a value of letters, digits, '.', ',', '-' or '_'.";
            case "credits":
                fault = fault with { Credits = arg };
                return null;
            case "request-id":
                fault = fault with { RequestId = arg };
                return null;
            case "corrupt" when fault.Corruption != EmulatorCorruption.None:
                return "More than one corrupt= item.";
            case "corrupt" when CorruptionCatalog.Named(arg?.ToLowerInvariant() ?? string.Empty) is { } spec:
                fault = fault with { Corruption = spec.Corruption };
                return null;
            case "corrupt":
                return "corrupt= needs one of: " + string.Join(", ", CorruptionCatalog.All.Select(c => c.Name)) + ".";
            default:
                return $"Unknown fault item '{name}'.";
        }
    }

    private static void AddIf(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add(name + "=" + value);
        }
    }

    private static bool TryInt(string? s, int min, int max, out int value)
        => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static bool IsSafeToken([NotNullWhen(true)] string? s)
        => !string.IsNullOrEmpty(s) && s.Length <= 200 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or ',' or '-' or '_');
}
