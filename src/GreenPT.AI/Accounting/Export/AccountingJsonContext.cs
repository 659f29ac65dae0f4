using System.Text.Json.Serialization;

namespace GreenPT.AI;

/// <summary>Source-generated serialization of the accounting exports: no reflection, safe to trim and AOT-compile.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SciReportJson))]
internal sealed partial class AccountingJsonContext : JsonSerializerContext;
