using GreenPT.AI.IntegrationTests.Infrastructure;
using GreenPT.AI.IntegrationTests.Readme.Generated;

namespace GreenPT.AI.IntegrationTests.Readme;

/// <summary>
/// Every C# block of README.md, compiled into this assembly at build time (see <c>ReadmeBlockGenerator.cs</c>) and run here
/// against the emulator, so the README cannot rot: a block that no longer compiles breaks the build, one that throws fails here.
/// Alone in its collection: it points the process's <c>GREENPT_BASE_URL</c> and <c>GREENPT_API_KEY</c> at the emulator and
/// captures the console.
/// </summary>
[Collection(nameof(ProcessWideState))]
public sealed class ReadmeTests
{
    public static TheoryData<int> Blocks => [.. ReadmeBlocks.All.Select(b => b.Line)];

    [Fact]
    public void TheReadme_HasItsBlocks() => Assert.True(ReadmeBlocks.All.Count >= 15, $"only {ReadmeBlocks.All.Count} C# blocks were found");

    [Theory, MemberData(nameof(Blocks))]
    public async Task ReadmeBlock_CompilesAndRunsAgainstTheEmulator(int line)
    {
        ReadmeBlock block = ReadmeBlocks.All.Single(b => b.Line == line);
        await using Harness harness = await Harness.StartAsync();
        string? baseUrl = Environment.GetEnvironmentVariable(GreenPTClientOptions.EndpointEnvironmentVariable);
        string? key = Environment.GetEnvironmentVariable("GREENPT_API_KEY");
        TextWriter console = Console.Out;
        var output = new StringWriter();
        try
        {
            Environment.SetEnvironmentVariable(GreenPTClientOptions.EndpointEnvironmentVariable, harness.Emulator.BaseAddress.ToString());
            Environment.SetEnvironmentVariable("GREENPT_API_KEY", Harness.ApiKey);
            await using ReadmeContext readme = await ReadmeContext.CreateAsync(harness);
            int before = harness.Emulator.RequestCount;
            Console.SetOut(output);
            await Bounded.Within(block.RunAsync(readme), TimeSpan.FromSeconds(30), block.ToString());
            int hostRequests = await Bounded.Within(readme.ExerciseHostsAsync(), TimeSpan.FromSeconds(30), $"the hosts of {block}");
            TestContext.Current.TestOutputHelper?.WriteLine($"{block}: {hostRequests} request(s) through the services it registered.");
            if (block.SendsRequests)
            {
                Assert.True(harness.Emulator.RequestCount > before, $"{block} sent no request to the emulator.");
            }
        }
        finally
        {
            Console.SetOut(console);
            Environment.SetEnvironmentVariable(GreenPTClientOptions.EndpointEnvironmentVariable, baseUrl);
            Environment.SetEnvironmentVariable("GREENPT_API_KEY", key);
            TestContext.Current.TestOutputHelper?.WriteLine($"{block}:\n{output}");
        }

        Secrets.AssertClean(output.ToString(), $"the output of {block}");
    }
}
