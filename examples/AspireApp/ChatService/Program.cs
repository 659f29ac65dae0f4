// The chat service of examples/AspireApp. Run the whole app with `dotnet run --project examples/AspireApp/AppHost`: the app host
// hands this service ConnectionStrings__greenpt (the emulator's, or GreenPT's when GREENPT_API_KEY is set) and the dashboard's
// OTLP endpoint.
//
//   POST /chat {"message":"Hello"}  ->  {"answer":"…","model":"…","energyWh":…,"emissionsGrams":…}
//   GET  /health                    ->  the health checks, GreenPT's included (reachability and key validity, cached)
using AspireApp.ChatService;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// The one line of the Aspire client integration: the IChatClient, its health check, the GreenPT.AI meter and MEAI's spans.
builder.AddGreenPTChatClient("greenpt");

// What an Aspire service's defaults do: send traces and metrics to the OTLP endpoint the app host provides (the dashboard).
builder.Services.AddOpenTelemetry()
    .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation())
    .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation())
    .UseOtlpExporter();

WebApplication app = builder.Build();
app.MapHealthChecks("/health");
app.MapChatEndpoint();
app.Run();
