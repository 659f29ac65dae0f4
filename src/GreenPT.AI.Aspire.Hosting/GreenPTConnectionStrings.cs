namespace Aspire.Hosting.ApplicationModel;

/// <summary>The connection string both GreenPT resources hand out: <c>Endpoint=…;Key=…[;Model=…]</c>.</summary>
internal static class GreenPTConnectionStrings
{
    public static ReferenceExpression Build(ReferenceExpression endpoint, ParameterResource apiKey, string? model)
    {
        var builder = new ReferenceExpressionBuilder();
        builder.AppendLiteral("Endpoint=");
        builder.AppendFormatted(endpoint);
        builder.AppendLiteral(";Key=");
        builder.AppendFormatted(new QuotedValue(apiKey));
        if (model is not null)
        {
            builder.AppendLiteral(";Model=");
            builder.AppendLiteral(Quote(model));
        }

        return builder.Build();
    }

    /// <summary>
    /// A value as a connection string holds it: as it is when it has no <c>;</c>, quote, leading or trailing space; else in double
    /// quotes with inner double quotes doubled (the rules of <c>System.Data.Common.DbConnectionStringBuilder</c>).
    /// </summary>
    public static string Quote(string value)
    {
        bool plain = value.Length > 0 && value.IndexOfAny([';', '"', '\'']) < 0 && !char.IsWhiteSpace(value[0]) && !char.IsWhiteSpace(value[^1]);
        return plain ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A parameter's value, quoted when it needs to be; in a manifest, the parameter's own expression.</summary>
    private sealed class QuotedValue(ParameterResource parameter) : IValueProvider, IManifestExpressionProvider
    {
        public string ValueExpression => parameter.ValueExpression;

        public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
        {
            string? value = await parameter.GetValueAsync(cancellationToken).ConfigureAwait(false);
            return value is null ? null : Quote(value);
        }
    }
}
