using GreenPT.AI.Aspire;

namespace GreenPT.AI.Tests.Aspire;

/// <summary>
/// The connection string <c>Endpoint=…;Key=…;Model=…</c> read with DbConnectionStringBuilder's rules: keys in any case, quoted values,
/// <c>Key</c> required, unknown keys and bad endpoints refused, and the key's value in no message.
/// </summary>
public sealed class GreenPTConnectionStringTests
{
    private const string Secret = "sk-live-7Hq2;x\"9";

    private static GreenPTClientSettings Read(string connectionString)
    {
        var settings = new GreenPTClientSettings();
        GreenPTConnectionString.ApplyTo(settings, "greenpt", connectionString);
        return settings;
    }

    private static FormatException Failure(string connectionString)
    {
        FormatException ex = Assert.Throws<FormatException>(() => Read(connectionString));
        Assert.DoesNotContain("sk-live", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("7Hq2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'greenpt'", ex.Message, StringComparison.Ordinal);
        return ex;
    }

    [Fact]
    public void EveryKey_IsRead()
    {
        GreenPTClientSettings settings = Read("Endpoint=https://api.us.greenpt.ai/v1/;Key=sk-abc;Model=gemma4");

        Assert.Equal(new Uri("https://api.us.greenpt.ai/v1/"), settings.Endpoint);
        Assert.Equal("sk-abc", settings.Key);
        Assert.Equal("gemma4", settings.Model);
    }

    [Fact]
    public void KeyAlone_LeavesEndpointAndModelToTheDefaults()
    {
        GreenPTClientSettings settings = Read("Key=sk-abc");

        Assert.Null(settings.Endpoint);
        Assert.Equal("sk-abc", settings.Key);
        Assert.Null(settings.Model);
    }

    [Fact]
    public void Keys_InAnyCaseAndWithSpacesAround_AreRead()
    {
        GreenPTClientSettings settings = Read(" endpoint = http://127.0.0.1:5080/v1/ ; KEY=sk-abc;mOdEl=gpt-oss-120b;");

        Assert.Equal(new Uri("http://127.0.0.1:5080/v1/"), settings.Endpoint);
        Assert.Equal("sk-abc", settings.Key);
        Assert.Equal("gpt-oss-120b", settings.Model);
    }

    [Fact]
    public void DoubleQuotedValue_KeepsSemicolonsAndDoubledQuotes()
    {
        GreenPTClientSettings settings = Read("Endpoint=https://api.greenpt.ai/v1/;Key=\"sk-live-7Hq2;x\"\"9\"");

        Assert.Equal(Secret, settings.Key);
    }

    [Fact]
    public void SingleQuotedValue_KeepsSemicolonsAndDoubleQuotes()
    {
        GreenPTClientSettings settings = Read("Key='sk-live-7Hq2;x\"9';Model='a model'");

        Assert.Equal(Secret, settings.Key);
        Assert.Equal("a model", settings.Model);
    }

    [Theory]
    [InlineData("Endpoint=https://api.greenpt.ai/v1/")]
    [InlineData("Endpoint=https://api.greenpt.ai/v1/;Key=")]
    [InlineData("Key=   ;Model=gemma4")]
    [InlineData("")]
    public void MissingOrEmptyKey_Fails_NamingKey(string connectionString)
    {
        FormatException ex = Failure(connectionString);

        Assert.Contains("has no Key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKeys_Fail_NamingTheKeysButNotTheValues()
    {
        FormatException ex = Failure("Endpoint=https://api.greenpt.ai/v1/;Key=\"sk-live-7Hq2;x\"\"9\";Region=eu;ApiVersion=sk-live-7Hq2");

        Assert.Contains("region", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("apiversion", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Endpoint, Key and Model", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("eu'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("api.greenpt.ai/v1")]
    [InlineData("ftp://api.greenpt.ai/v1/")]
    [InlineData("/v1/")]
    public void BadEndpoint_Fails_NamingTheEndpoint(string endpoint)
    {
        FormatException ex = Failure($"Endpoint={endpoint};Key=\"sk-live-7Hq2;x\"\"9\"");

        Assert.Contains($"Endpoint='{endpoint}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("absolute http or https address", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyModel_Fails()
    {
        FormatException ex = Failure("Key=\"sk-live-7Hq2;x\"\"9\";Model=\"\"");

        Assert.Contains("empty Model", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Key=\"sk-live-7Hq2;x9")]                       // an unterminated quote
    [InlineData("Endpoint=https://a/;sk-live-7Hq2")]              // a part without '='
    [InlineData("Key='sk-live-7Hq2' trailing;Model=gemma4")]      // text after a quoted value
    public void Malformed_Fails_WithoutQuotingTheString(string connectionString)
    {
        FormatException ex = Failure(connectionString);

        Assert.Contains("is malformed", ex.Message, StringComparison.Ordinal);
    }
}
