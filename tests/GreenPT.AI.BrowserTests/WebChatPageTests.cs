using System.Globalization;
using System.Text.Json;
using GreenPT.AI.BrowserTests.Infrastructure;
using GreenPT.AI.Emulator;
using WebChat;
using static Microsoft.Playwright.Assertions;

namespace GreenPT.AI.BrowserTests;

/// <summary>
/// examples/WebChat in headless Chromium, offline on the app's own emulator. Every "while the server still holds the rest"
/// is a gate on the emulator (<see cref="GreenPTEmulatorOptions.BeforeStreamChunk"/>) or on a test route, released by the
/// test; every wait is bounded. One browser for the class, one page per test.
/// </summary>
public sealed class WebChatPageTests : IClassFixture<WebChatFixture>, IDisposable
{
    private readonly WebChatFixture _fx;

    public WebChatPageTests(WebChatFixture fixture)
    {
        _fx = fixture;
        SetDefaultExpectTimeout(15_000);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _fx.Emulator.Options.BeforeStreamChunk = null;
        _fx.Emulator.ClearFaults();
        _fx.Split = null;
    }

    [Fact]
    public async Task Answer_FirstTokensOnScreen_WhileTheServerHoldsTheRest()
    {
        var held = Gate();
        var release = Gate();
        _fx.Emulator.Options.BeforeStreamChunk = async (chunk, ct) =>
        {
            if (chunk.ChunkIndex == 3)
            {
                held.TrySetResult();
                await release.Task.WaitAsync(ct);
            }
        };

        IPage page = await _fx.OpenPageAsync();
        await AskAsync(page, "Tell me about watts", think: false);
        await Bounded.Within(held.Task, "the emulator to hold back chunk 3");

        // Chunks 0 to 2 are on the screen; chunk 3 does not exist yet.
        ILocator turn = Turn(page, 1);
        await Expect(turn.Locator(".answer-text")).ToHaveTextAsync("You said: \"Tell");
        await Expect(turn).ToHaveAttributeAsync("data-state", "streaming");
        await Expect(turn.Locator(".impact")).ToBeHiddenAsync();
        await Expect(page.Locator("#stop")).ToBeEnabledAsync();

        release.SetResult();
        await Expect(turn).ToHaveAttributeAsync("data-state", "done");
        await Expect(turn.Locator(".answer-text")).ToHaveTextAsync("You said: \"Tell me about watts\". This answer comes from the GreenPT emulator.");
        await Expect(turn.Locator(".impact")).ToBeVisibleAsync();
        await Expect(page.Locator("#send")).ToBeEnabledAsync();
        await page.CloseAsync();
    }

    [Fact]
    public async Task SseReader_EveryThreeWaySplitAndByteByByte_ParsesCrLfCommentsAndMultiByteCharactersLikeTheWholeStream()
    {
        // CRLF, LF and lone CR line ends; comments; a BOM; multi-line data; id and retry; an event without data; one leading
        // space removed and no more; an unfinished event at the end (dropped). Characters of 2, 3 and 4 UTF-8 bytes.
        const string Stream =
            "\uFEFF: a comment first\r\n"
            + "event: text\r\ndata: {\"text\":\"Grüße\"}\r\n\r\n"
            + "data: first line\ndata: second line\n\n"
            + "event: text\rdata: 🌍 emoji € ✓\r\r"
            + ": keep-alive\n"
            + "id: 42\nretry: 1000\nevent: done\ndata:no space\n\n"
            + "event: no-data\n\n"
            + "data:  two spaces\r\n\r\n"
            + "event: unfinished\ndata: never dispatched";
        SseEvent[] expected =
        [
            new("text", "{\"text\":\"Grüße\"}", ""),
            new("message", "first line\nsecond line", ""),
            new("text", "🌍 emoji € ✓", ""),
            new("done", "no space", "42"),
            new("message", " two spaces", "42"),
        ];

        IPage page = await _fx.OpenPageAsync();
        // In the page, with the page's own module: the whole stream at once, byte by byte, and cut in three at every pair of offsets.
        var result = await page.EvaluateAsync<JsonElement>(
            """
            async (stream) => {
              const { SseParser } = await import('/sse.js');
              const bytes = new TextEncoder().encode(stream);
              const run = (pieces) => {
                const events = [];
                const parser = new SseParser((e) => events.push(e));
                for (const piece of pieces) parser.push(piece);
                parser.end();
                return JSON.stringify(events);
              };
              const whole = run([bytes]);
              const outcomes = new Set([run([...bytes].map((b) => new Uint8Array([b])))]);
              let runs = 1;
              for (let i = 0; i <= bytes.length; i++) {
                for (let j = i; j <= bytes.length; j++) {
                  outcomes.add(run([bytes.slice(0, i), bytes.slice(i, j), bytes.slice(j)]));
                  runs++;
                }
              }
              return { whole, distinct: [...outcomes], runs, length: bytes.length };
            }
            """,
            Stream);

        SseEvent[] whole = JsonSerializer.Deserialize<SseEvent[]>(result.GetProperty("whole").GetString()!, JsonOptions)!;
        Assert.Equal(expected, whole);
        string[] distinct = [.. result.GetProperty("distinct").EnumerateArray().Select(e => e.GetString()!)];
        Assert.True(distinct.Length == 1 && distinct[0] == result.GetProperty("whole").GetString(),
            $"{distinct.Length} different results over {result.GetProperty("runs").GetInt32()} splits of {result.GetProperty("length").GetInt32()} bytes:\n"
            + string.Join("\n", distinct));
        await page.CloseAsync();
    }

    [Fact]
    public async Task Event_SplitInsideAMultiByteCharacterAndBetweenCrAndLf_AcrossReads_RendersRight()
    {
        // Three pieces, each flushed alone, each after the page has read the one before:
        //   1. a comment, the start event, a whole text event, then "...data: {\"text\":\r" (between CR and LF of a data line);
        //   2. "\ndata: \"" and the first 2 of the 4 bytes of 🌍 (the event's data spans two lines: valid JSON once joined);
        //   3. the last 2 bytes of 🌍, the end of that event, and a done event with LF line ends.
        const string Text =
            ": this comment is ignored\r\n"
            + "event: start\r\ndata: {\"model\":\"split-test\"}\r\n\r\n"
            + "event: text\r\ndata: {\"text\":\"Grüße aus Köln \"}\r\n\r\n"
            + "event: text\r\ndata: {\"text\":\r\ndata: \"🌍 — ok\"}\r\n\r\n"
            + "event: done\ndata: {\"model\":\"split-test\",\"finishReason\":\"stop\",\"usage\":{\"inputTokens\":4,\"outputTokens\":5,\"totalTokens\":9},"
            + "\"impact\":{\"energyWattHours\":0.0125,\"emissionsGramsCO2e\":0.0005,\"durationMilliseconds\":114}}\n\n";
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(Text);
        int crInDataLine = IndexOf(bytes, "{\"text\":\r"u8) + "{\"text\":\r"u8.Length;
        int insideGlobe = IndexOf(bytes, "🌍"u8) + 2;
        var split = new SplitResponse(SplitResponse.Cut(Text, crInDataLine, insideGlobe));
        _fx.Split = split;

        // Counts the bytes of every read the page's reader gets, to know that a piece has been read before the next exists.
        IPage page = await _fx.OpenPageAsync(initScript:
            """
            window.__bytesRead = 0;
            const read = ReadableStreamDefaultReader.prototype.read;
            ReadableStreamDefaultReader.prototype.read = function () {
              return read.call(this).then((r) => { if (!r.done && r.value) window.__bytesRead += r.value.byteLength; return r; });
            };
            """);
        await page.Locator("#composer").EvaluateAsync($"form => form.setAttribute('action', '{SplitResponse.Route}')");
        await AskAsync(page, "split me", think: true);
        ILocator turn = Turn(page, 1);

        await Bounded.Within(split.Written[0].Task, "piece 1 to be written");
        await Expect(turn.Locator(".assistant .who")).ToHaveTextAsync("split-test");
        Assert.Equal("Grüße aus Köln ", await TextOf(turn.Locator(".answer-text")));
        await WaitForBytesReadAsync(page, split.Pieces[0].Length);

        split.Released[0].SetResult();
        await Bounded.Within(split.Written[1].Task, "piece 2 to be written");
        await WaitForBytesReadAsync(page, split.Pieces[0].Length + split.Pieces[1].Length);
        Assert.Equal("Grüße aus Köln ", await TextOf(turn.Locator(".answer-text")));   // half a character is not shown
        await Expect(turn.Locator(".error")).ToBeHiddenAsync();

        split.Released[1].SetResult();
        await Expect(turn).ToHaveAttributeAsync("data-state", "done");
        string answer = await TextOf(turn.Locator(".answer-text"));
        Assert.Equal("Grüße aus Köln 🌍 — ok", answer);
        Assert.DoesNotContain('\uFFFD', answer);
        await Expect(turn.Locator(".impact")).ToContainTextAsync("0.0125 Wh");
        await page.CloseAsync();
    }

    [Fact]
    public async Task Stop_AbortsTheFetch_AndTheServerCancelsTheUpstreamGreenPTRequest()
    {
        int outcomesBefore = _fx.Server.Activity.Outcomes.Count;
        var held = Gate();
        var upstreamCancelled = Gate();
        _fx.Emulator.Options.BeforeStreamChunk = async (chunk, ct) =>
        {
            if (chunk.ChunkIndex == 3 && !held.Task.IsCompleted)
            {
                held.TrySetResult();
                try
                {
                    await new TaskCompletionSource().Task.WaitAsync(ct);   // until the request is aborted
                }
                catch (OperationCanceledException)
                {
                    upstreamCancelled.TrySetResult();
                    throw;
                }
            }
        };

        IPage page = await _fx.OpenPageAsync();
        await AskAsync(page, "Stop me halfway", think: false);
        await Bounded.Within(held.Task, "the emulator to hold back chunk 3");
        ILocator turn = Turn(page, 1);
        await Expect(turn.Locator(".answer-text")).ToHaveTextAsync("You said: \"Stop");

        await page.Locator("#stop").ClickAsync();

        // The browser's abort reached the WebChat server, which cancelled its request to GreenPT (the emulator saw it go).
        await Bounded.Within(upstreamCancelled.Task, "the emulator's request token to be cancelled after Stop");
        await Bounded.UntilAsync(() => _fx.Server.Activity.Outcomes.Count > outcomesBefore, "the WebChat server to record the stopped answer");
        ChatOutcome outcome = _fx.Server.Activity.Outcomes[outcomesBefore];
        Assert.Equal(ChatOutcomeKind.Cancelled, outcome.Kind);
        Assert.Equal(3, outcome.TextUpdates);

        await Expect(turn).ToHaveAttributeAsync("data-state", "stopped");
        await Expect(turn.Locator(".status")).ToContainTextAsync("Stopped");
        await Expect(turn.Locator(".answer-text")).ToHaveTextAsync("You said: \"Stop");
        await Expect(turn.Locator(".impact")).ToBeHiddenAsync();
        await Expect(page.Locator("#stop")).ToBeDisabledAsync();

        // The page goes on: the next question is answered in full.
        await AskAsync(page, "And now in full", think: false);
        await Expect(Turn(page, 2)).ToHaveAttributeAsync("data-state", "done");
        await Expect(Turn(page, 2).Locator(".answer-text")).ToHaveTextAsync("You said: \"And now in full\". This answer comes from the GreenPT emulator.");
        await Bounded.UntilAsync(() => _fx.Server.Activity.InFlight == 0, "no answer left in flight");
        await page.CloseAsync();
    }

    [Fact]
    public async Task ImpactLineAndChart_ShowTheFiguresTheServerSent_AndTheFinishedPageIsSaved()
    {
        int outcomesBefore = _fx.Server.Activity.Outcomes.Count;
        IPage page = await _fx.OpenPageAsync();
        await Expect(page.Locator("#simulated")).ToBeVisibleAsync();
        await Expect(page.Locator("#model")).ToHaveTextAsync("gemma4");

        await AskAsync(page, "Why does the energy of AI matter?", think: true);
        await Expect(Turn(page, 1)).ToHaveAttributeAsync("data-state", "done");
        await AskAsync(page, "How big is a watt-hour?", think: false);
        await Expect(Turn(page, 2)).ToHaveAttributeAsync("data-state", "done");
        await AskAsync(page, "And a gram of CO2e, in one short sentence with a few more words?", think: true);
        await Expect(Turn(page, 3)).ToHaveAttributeAsync("data-state", "done");

        // Reasoning: in a collapsible block, folded once the answer began, opened with one click.
        ILocator reasoning = Turn(page, 1).Locator("details.reasoning");
        await Expect(reasoning).ToBeVisibleAsync();
        await Expect(reasoning).Not.ToHaveAttributeAsync("open", "");
        Assert.Equal("The user said \"Why does the energy of AI matter?\". I will repeat it back.", await TextOf(reasoning.Locator(".reasoning-text")));
        await reasoning.Locator("summary").ClickAsync();
        await Expect(reasoning).ToHaveAttributeAsync("open", "");
        await Expect(Turn(page, 2).Locator("details.reasoning")).ToBeHiddenAsync();

        DoneEvent[] sent = [.. _fx.Server.Activity.Outcomes.Skip(outcomesBefore).Select(o => o.Done!)];
        Assert.Equal(3, sent.Length);
        for (int i = 0; i < sent.Length; i++)
        {
            ImpactFigures impact = sent[i].Impact!;
            UsageFigures usage = sent[i].Usage!;
            ILocator line = Turn(page, i + 1).Locator(".impact");
            Assert.Equal(impact.EnergyWattHours, Number(await line.GetAttributeAsync("data-energy-wh")));
            Assert.Equal(impact.EmissionsGramsCO2e, Number(await line.GetAttributeAsync("data-emissions-g")));
            Assert.Equal(impact.DurationMilliseconds, Number(await line.GetAttributeAsync("data-duration-ms")));
            string text = await TextOf(line);
            Assert.Contains($"{Figure(impact.EnergyWattHours!.Value)} Wh", text, StringComparison.Ordinal);
            Assert.Contains($"{Figure(impact.EmissionsGramsCO2e!.Value)} gCO2e", text, StringComparison.Ordinal);
            Assert.Contains($"{Math.Round(impact.DurationMilliseconds!.Value).ToString(CultureInfo.InvariantCulture)} ms", text, StringComparison.Ordinal);
            Assert.Contains($"{usage.TotalTokens} tokens ({usage.InputTokens} in, {usage.OutputTokens} out)", text, StringComparison.Ordinal);

            foreach ((string series, double? value) in new[] { ("energy", impact.EnergyWattHours), ("emissions", impact.EmissionsGramsCO2e) })
            {
                ILocator bar = page.Locator($"#chart rect[data-series='{series}'][data-turn='{i + 1}']");
                Assert.Equal(value, Number(await bar.GetAttributeAsync("data-value")));
                Assert.Contains($"Answer {i + 1}: {Figure(value!.Value)}", await TextOf(bar.Locator("title")), StringComparison.Ordinal);
            }
        }

        await Expect(page.Locator("#chart rect[data-series='energy']")).ToHaveCountAsync(3);
        await Expect(page.Locator("#chart rect[data-series='emissions']")).ToHaveCountAsync(3);
        double totalEnergy = sent.Sum(d => d.Impact!.EnergyWattHours!.Value);
        Assert.Equal(totalEnergy, Number(await page.Locator("#totals").GetAttributeAsync("data-energy-wh"))!.Value, 12);
        await Expect(page.Locator("#totals")).ToContainTextAsync($"3 answers · {Figure(totalEnergy)} Wh");

        // The bars are scaled to the largest answer of the session: the tallest bar is the largest figure.
        double[] heights = [.. await Task.WhenAll(Enumerable.Range(1, 3).Select(async t =>
            Number(await page.Locator($"#chart rect[data-series='energy'][data-turn='{t}']").GetAttributeAsync("height"))!.Value))];
        Assert.Equal(Array.IndexOf(heights, heights.Max()), Array.IndexOf(sent, sent.MaxBy(d => d.Impact!.EnergyWattHours)));

        await page.Locator("#question").FillAsync("");
        byte[] png = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        string directory = Environment.GetEnvironmentVariable("GREENPT_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(directory);
        string file = Path.Combine(directory, "webchat.png");
        await File.WriteAllBytesAsync(file, png, Ct);
        TestContext.Current.AddAttachment("webchat.png", png, "image/png");
        TestContext.Current.SendDiagnosticMessage($"Screenshot of the finished page: {file}");
        Assert.True(png.Length > 10_000, "the screenshot is suspiciously small");
        await page.CloseAsync();
    }

    [Fact]
    public async Task UpstreamError_ShowsAReadableMessage_AndThePageStaysUsable()
    {
        int outcomesBefore = _fx.Server.Activity.Outcomes.Count;
        // The first try and both retries fail: the answer fails with GreenPT's message, status and request id.
        _fx.Emulator.EnqueueFault(EmulatorFault.Status(503) with { Times = 3, Message = "The model is at capacity, try again in a minute" });

        IPage page = await _fx.OpenPageAsync();
        await AskAsync(page, "Will this fail?", think: false);
        ILocator turn = Turn(page, 1);
        await Expect(turn).ToHaveAttributeAsync("data-state", "error");

        await Bounded.UntilAsync(() => _fx.Server.Activity.Outcomes.Count > outcomesBefore, "the server to record the failed answer");
        ErrorEvent error = _fx.Server.Activity.Outcomes[outcomesBefore].Error!;
        Assert.Equal(503, error.Status);
        Assert.StartsWith("req_", error.RequestId, StringComparison.Ordinal);

        string shown = await TextOf(turn.Locator(".error"));
        Assert.Contains("503", shown, StringComparison.Ordinal);
        Assert.Contains("The model is at capacity, try again in a minute", shown, StringComparison.Ordinal);
        Assert.Contains($"request id {error.RequestId}", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", shown.Replace("at capacity", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', shown);
        await Expect(turn.Locator(".impact")).ToBeHiddenAsync();
        await Expect(page.Locator("#send")).ToBeEnabledAsync();
        await Expect(page.Locator("#stop")).ToBeDisabledAsync();

        // Still usable: the next question is answered, and the failed one is not part of the conversation sent.
        await AskAsync(page, "And now?", think: false);
        await Expect(Turn(page, 2)).ToHaveAttributeAsync("data-state", "done");
        await Expect(Turn(page, 2).Locator(".impact")).ToBeVisibleAsync();
        string lastRequest = _fx.Emulator.ChatRequests[^1];
        Assert.DoesNotContain("Will this fail?", lastRequest, StringComparison.Ordinal);
        await page.CloseAsync();
    }

    [Fact]
    public async Task ApiKey_NeverReachesTheBrowser_AndOnlineThePageDoesNotSaySimulated()
    {
        const string Key = "sk-browser-SECRET-7c1e9b2a5d";
        await using GreenPTEmulator upstream = await GreenPTEmulator.StartAsync(new GreenPTEmulatorOptions { ApiKey = Key }, Ct);
        await using WebChatServer online = await WebChatServer.StartAsync(new WebChatSettings
        {
            Port = 0,
            ApiKey = Key,
            Args = [$"--GreenPT:Endpoint={upstream.BaseAddress}", "--Logging:LogLevel:Default=None", "--Logging:LogLevel:WebChat=None"],
        }, Ct);
        Assert.Null(online.Emulator);
        Assert.Equal("127.0.0.1", online.Url.Host);                                      // loopback only, online as offline
        Assert.Equal("127.0.0.1", _fx.Server.Url.Host);

        IPage page = await _fx.Browser.NewPageAsync();
        // Everything streamed reaches the page's reader; Chromium keeps no copy of a streamed fetch body, so the page keeps one.
        await page.AddInitScriptAsync(StreamCapture);
        var bodies = new List<Task<string>>();
        page.Response += (_, response) => bodies.Add(BodyOf(response));
        await page.GotoAsync(online.Url.ToString());
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.Locator("#simulated")).ToBeHiddenAsync();

        await AskAsync(page, "Is my key safe?", think: true);
        await Expect(Turn(page, 1)).ToHaveAttributeAsync("data-state", "done");
        Assert.Contains(upstream.ChatRequestDetails, r => r.Body.Contains("Is my key safe?", StringComparison.Ordinal));

        string streamed = await page.EvaluateAsync<string>("window.__streamed");
        Assert.Contains("event: done", streamed, StringComparison.Ordinal);
        Assert.Contains("safe?", streamed, StringComparison.Ordinal);                   // a token of the answer
        string[] seen = [await page.ContentAsync(), streamed, .. await Task.WhenAll(bodies)];
        Assert.True(seen.Length >= 6, $"only {seen.Length} responses seen");
        Assert.All(seen, body => Assert.DoesNotContain(Key, body, StringComparison.Ordinal));
        Assert.All(seen, body => Assert.DoesNotContain("SECRET", body, StringComparison.Ordinal));
        await page.CloseAsync();
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record SseEvent(string Type, string Data, string Id);

    /// <summary>Keeps, in <c>window.__streamed</c>, the text of every chunk a stream reader of the page receives.</summary>
    private const string StreamCapture =
        """
        window.__streamed = '';
        const decoder = new TextDecoder();
        const read = ReadableStreamDefaultReader.prototype.read;
        ReadableStreamDefaultReader.prototype.read = function () {
          return read.call(this).then((r) => { if (!r.done && r.value) window.__streamed += decoder.decode(r.value, { stream: true }); return r; });
        };
        """;

    /// <summary>What the browser received, as Chromium kept it. It may keep no body for a file it has already used (the icon,
    /// a script), which is then fetched again from the same URL; nor for the streamed answer, which <see cref="StreamCapture"/> has.</summary>
    private static async Task<string> BodyOf(IResponse response)
    {
        try
        {
            return await response.TextAsync();
        }
        catch (PlaywrightException) when (response.Request.Method == "GET")
        {
            using var http = new HttpClient();
            return await http.GetStringAsync(new Uri(response.Url), Ct);
        }
        catch (PlaywrightException) when (response.Request.Method == "POST")
        {
            return "";
        }
    }

    private static TaskCompletionSource Gate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static ILocator Turn(IPage page, int number) => page.Locator($".turn[data-turn='{number}']");

    private static async Task AskAsync(IPage page, string question, bool think)
    {
        await Expect(page.Locator("#send")).ToBeEnabledAsync();
        await page.Locator("#think").SetCheckedAsync(think);
        await page.Locator("#question").FillAsync(question);
        await page.Locator("#send").ClickAsync();
    }

    /// <summary>The exact text of an element (no whitespace normalised, unlike the text assertions).</summary>
    private static async Task<string> TextOf(ILocator locator) => await locator.TextContentAsync() ?? "";

    private static double? Number(string? text) => text is null ? null : double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>The page's formatting: three significant digits (JavaScript's toPrecision(3), shortest form).</summary>
    private static string Figure(double value) => value.ToString("G3", CultureInfo.InvariantCulture);

    private static async Task WaitForBytesReadAsync(IPage page, int bytes)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await page.EvaluateAsync<int>("window.__bytesRead") < bytes)
        {
            if (clock.Elapsed > Bounded.Default)
            {
                Assert.Fail($"The page's reader did not get {bytes} bytes within {Bounded.Default}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), Ct);
        }

        Assert.Equal(bytes, await page.EvaluateAsync<int>("window.__bytesRead"));
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
