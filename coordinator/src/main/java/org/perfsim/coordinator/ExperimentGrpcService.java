package org.perfsim.coordinator;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.OptionalLong;
import org.perfsim.api.v1.CancelExperimentRequest;
import org.perfsim.api.v1.CancelExperimentResponse;
import org.perfsim.api.v1.ExperimentEvent.Kind;
import org.perfsim.api.v1.ExperimentFinished;
import org.perfsim.api.v1.ExperimentPerfDataFile;
import org.perfsim.api.v1.ExperimentServiceGrpc;
import org.perfsim.api.v1.ExperimentStarted;
import org.perfsim.api.v1.ExperimentRecord;
import org.perfsim.api.v1.ExperimentUpdate;
import org.perfsim.api.v1.GetExperimentRequest;
import org.perfsim.api.v1.ListExperimentsRequest;
import org.perfsim.api.v1.ListExperimentsResponse;
import org.perfsim.api.v1.RunExperimentRequest;
import org.perfsim.coordinator.core.CoreError;
import org.perfsim.coordinator.core.Limits;
import org.perfsim.coordinator.core.store.StoredExperiment;
import org.perfsim.coordinator.core.experiment.ExperimentEvent;
import org.perfsim.coordinator.core.experiment.ExperimentUseCases;

/**
 * perfsim.v1.ExperimentService: translation only. A run's stream carries its events in order; the client
 * cancelling the stream pulls the run's kill switch. Recorded runs are read back as {@code ExperimentRecord}s.
 */
public final class ExperimentGrpcService extends ExperimentServiceGrpc.ExperimentServiceImplBase {
  private static final String DEFAULT_FILE = "experiment.yaml";
  private final ExperimentUseCases experiments;

  public ExperimentGrpcService(ExperimentUseCases experiments) {
    this.experiments = experiments;
  }

  @Override
  public void runExperiment(RunExperimentRequest request, StreamObserver<ExperimentUpdate> observer) {
    ServerCallStreamObserver<ExperimentUpdate> call = (ServerCallStreamObserver<ExperimentUpdate>) observer;
    String file = request.getFileName().isEmpty() ? DEFAULT_FILE : request.getFileName();
    if (request.getExperimentYaml().isBlank()) {
      observer.onError(Rpc.status(CoreError.invalid("experiment_yaml", "required")));
      return;
    }
    Stream stream = new Stream(call);
    ExperimentUseCases.Running run;
    // the run's first event waits for 'started', which needs the run's id
    synchronized (stream) {
      try {
        run = experiments.start(file, request.getExperimentYaml(),
            request.hasSeed() ? OptionalLong.of(request.getSeed()) : OptionalLong.empty(),
            event -> stream.send(update(event)));
      } catch (CoreError e) {
        // a file that is not YAML or not a mapping names no field in it: then the request's field is at fault
        observer.onError(Rpc.status(e.orField("experiment_yaml"), Context.current().getDeadline()));
        return;
      } catch (RuntimeException e) {
        observer.onError(Rpc.status(e, Context.current().getDeadline()));
        return;
      }
      call.setOnCancelHandler(() -> run.killSwitch().pull());
      var e = run.experiment();
      stream.send(ExperimentUpdate.newBuilder().setStarted(ExperimentStarted.newBuilder().setExperimentId(run.id())
          .setTitle(e.title()).setSeed(e.seed()).setRepetitions(e.repetitions())
          .setHosts(e.fleet().stream().mapToInt(g -> g.hosts()).sum()).setGuests(e.guestsTotal())
          .setSteps(e.method().size())).build());
    }
    run.done().whenComplete((results, failure) -> {
      if (failure != null) {
        stream.fail(Rpc.status(failure, null));
        return;
      }
      stream.send(ExperimentUpdate.newBuilder().setFinished(finished(results.journal().status(),
          new StoredExperiment.Results(results.resolvedYaml(), results.journalJson(), results.runJson(),
              results.reportJson()))).build());
      stream.complete();
    });
  }

  @Override
  public void cancelExperiment(CancelExperimentRequest request, StreamObserver<CancelExperimentResponse> observer) {
    Rpc.now(observer, () -> CancelExperimentResponse.newBuilder()
        .setExperimentId(experiments.cancel(request.getExperimentId()).id()).build());
  }

  @Override
  public void getExperiment(GetExperimentRequest request, StreamObserver<ExperimentRecord> observer) {
    Rpc.now(observer, () -> record(experiments.get(request.getExperimentId())));
  }

  @Override
  public void listExperiments(ListExperimentsRequest request, StreamObserver<ListExperimentsResponse> observer) {
    Rpc.now(observer, () -> {
      ExperimentUseCases.Page page = experiments.list(Limits.pageSize(request.getPageSize(),
          Limits.EXPERIMENTS_PAGE_SIZE), request.getPageToken());
      return ListExperimentsResponse.newBuilder().setNextPageToken(page.nextPageToken())
          .addAllExperiments(page.experiments().stream().map(ExperimentGrpcService::record).toList()).build();
    });
  }

  /** The one translation of a run's results, for the stream's `finished` and a record alike. */
  private static ExperimentFinished finished(String status, StoredExperiment.Results r) {
    return ExperimentFinished.newBuilder().setStatus(status).setResolvedExperimentYaml(r.resolvedYaml())
        .setJournalJson(r.journalJson()).setRunJson(r.runJson()).setReportJson(r.reportJson()).build();
  }

  private static ExperimentRecord record(StoredExperiment e) {
    ExperimentRecord.Builder b = ExperimentRecord.newBuilder().setExperimentId(e.experimentId())
        .setFileName(e.fileName()).setTitle(e.title()).setStatus(e.status())
        .setStartTime(ApiMessages.timestamp(e.startTime())).setError(e.error());
    e.endTime().ifPresent(end -> b.setEndTime(ApiMessages.timestamp(end)));
    e.results().ifPresent(r -> b.setFinished(finished(e.status(), r)));
    return b.build();
  }

  private static ExperimentUpdate update(ExperimentEvent event) {
    if (event instanceof ExperimentEvent.PerfDataWritten file) {
      return ExperimentUpdate.newBuilder().setPerfDataFile(ExperimentPerfDataFile.newBuilder().setPath(file.path())
          .setData(ByteString.copyFrom(file.file().bytes()))).build();
    }
    return ExperimentUpdate.newBuilder().setEvent(event(event)).build();
  }

  private static org.perfsim.api.v1.ExperimentEvent event(ExperimentEvent event) {
    var b = org.perfsim.api.v1.ExperimentEvent.newBuilder().setSeed(event.seed());
    if (event instanceof ExperimentEvent.StepStarted s) {
      b.setKind(Kind.KIND_STEP_STARTED).setStep(s.step()).setName(s.name()).setStage(s.stage()).setStages(s.stages())
          .setHosts(s.hosts()).setAtNanos(s.atNanos());
    } else if (event instanceof ExperimentEvent.StepFinished s) {
      b.setKind(Kind.KIND_STEP_FINISHED).setStep(s.step()).setName(s.name()).setStage(s.stage())
          .setAtNanos(s.endNanos()).setGuestsPanicked(s.guestsPanicked()).setText(s.status());
    } else if (event instanceof ExperimentEvent.Aborted a) {
      b.setKind(Kind.KIND_ABORTED).setAtNanos(a.atNanos()).setText(a.condition() + ": " + a.detail());
    } else if (event instanceof ExperimentEvent.Checked c) {
      b.setKind(Kind.KIND_HYPOTHESIS_CHECKED).setName(c.check().name()).setAtNanos(c.check().atNanos())
          .setHolds(c.check().holds()).setGuestsRunning(c.check().guestsRunning())
          .setGuestsTotal(c.check().guestsTotal()).setText(c.check().hypothesis());
    } else if (event instanceof ExperimentEvent.RolledBack r) {
      b.setKind(Kind.KIND_ROLLED_BACK).setAtNanos(r.atNanos()).setGuestsRebooted(r.guestsRebooted());
    }
    return b.build();
  }

  /** One run's stream: sends are serialized, and stop quietly once the client left. */
  private static final class Stream {
    private final ServerCallStreamObserver<ExperimentUpdate> call;

    Stream(ServerCallStreamObserver<ExperimentUpdate> call) {
      this.call = call;
    }

    synchronized void send(ExperimentUpdate update) {
      if (call.isCancelled()) {
        return;
      }
      try {
        call.onNext(update);
      } catch (StatusRuntimeException | IllegalStateException gone) {
        // the client left between the check and the send; the run carries on to its rollback
      }
    }

    synchronized void complete() {
      try {
        call.onCompleted();
      } catch (StatusRuntimeException | IllegalStateException gone) {
        // the client left
      }
    }

    synchronized void fail(StatusRuntimeException status) {
      try {
        call.onError(status);
      } catch (StatusRuntimeException | IllegalStateException gone) {
        // the client left
      }
    }
  }
}
