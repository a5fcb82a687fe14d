package org.perfsim.coordinator;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.security.Principal;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.perfsim.access.AccessTokens;
import org.perfsim.access.Caller;
import org.perfsim.access.Role;
import org.perfsim.access.ServerAccess;

/**
 * Who may call what: reads {@code authorization: Bearer TOKEN}, finds the caller among the server's tokens,
 * checks the role {@link MethodAccess} asks for (UNAUTHENTICATED without a known token, PERMISSION_DENIED
 * with too small a role; neither message contains what was sent), and audits every call that needs an
 * operator, refused ones included. A server without tokens lets every caller in as {@code anonymous} (or
 * as its client certificate's subject when TLS asks for one).
 */
final class AccessInterceptor implements ServerInterceptor {
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ServerAccess access;
  private final AuditLog audit;

  AccessInterceptor(ServerAccess access, AuditLog audit) {
    this.access = access;
    this.audit = audit;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
      ServerCallHandler<Q, A> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Optional<Role> needs = MethodAccess.needs(method);
    Caller caller;
    if (access.tokens().isEmpty()) {
      caller = certificateSubject(call).map(name -> new Caller(name, Role.OPERATOR)).orElse(Caller.ANONYMOUS);
    } else {
      Optional<String> token = AccessTokens.bearer(headers.get(AUTHORIZATION));
      Optional<Caller> known = token.flatMap(t -> access.tokens().get().authenticate(t));
      if (needs.isPresent() && known.isEmpty()) {
        return refuse(call, Status.UNAUTHENTICATED.withDescription(token.isEmpty()
            ? method + " needs the metadata 'authorization: Bearer TOKEN' (a " + needs.get().id() + " token)"
            : "the bearer token is not one of this server's tokens"), "unauthenticated");
      }
      caller = known.orElse(new Caller("anonymous", Role.VIEWER));
      if (needs.isPresent() && !caller.role().allows(needs.get())) {
        return refuse(call, Status.PERMISSION_DENIED.withDescription("'" + caller.name() + "' is a "
            + caller.role().id() + "; " + method + " needs an " + needs.get().id()), caller.name());
      }
    }
    if (!MethodAccess.audited(method)) {
      return next.startCall(call, headers);
    }
    Audited<Q, A> audited = new Audited<>(call, caller.name(), peer(call), audit);
    return new AuditedListener<>(next.startCall(audited, headers), audited);
  }

  private <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, Status status, String caller) {
    String method = call.getMethodDescriptor().getFullMethodName();
    if (MethodAccess.audited(method)) {
      audit.record(caller, peer(call), method, "", status.getCode().name());
    }
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }

  private static String peer(ServerCall<?, ?> call) {
    SocketAddress address = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    return address == null ? "-" : address.toString().replaceFirst("^/", "");
  }

  private static Optional<String> certificateSubject(ServerCall<?, ?> call) {
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (session == null) {
      return Optional.empty();
    }
    try {
      Principal peer = session.getPeerPrincipal();
      return Optional.of("cert:" + peer.getName().replace(' ', '_'));
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  /** The first {@code session_id} a request or response carries, at the top or one message down. */
  static String sessionId(Object message) {
    if (!(message instanceof Message m)) {
      return "";
    }
    String top = stringField(m, "session_id");
    if (!top.isEmpty()) {
      return top;
    }
    for (FieldDescriptor field : m.getDescriptorForType().getFields()) {
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated() && m.hasField(field)) {
        String nested = stringField((Message) m.getField(field), "session_id");
        if (!nested.isEmpty()) {
          return nested;
        }
      }
    }
    return "";
  }

  private static String stringField(Message m, String name) {
    FieldDescriptor field = m.getDescriptorForType().findFieldByName(name);
    return field != null && field.getJavaType() == FieldDescriptor.JavaType.STRING && !field.isRepeated()
        ? (String) m.getField(field) : "";
  }

  /** A call that writes its audit line when it closes, with the session id it saw on the way. */
  private static final class Audited<Q, A> extends ForwardingServerCall.SimpleForwardingServerCall<Q, A> {
    private final String caller;
    private final String peer;
    private final AuditLog audit;
    private volatile String sessionId = "";
    private final AtomicBoolean recorded = new AtomicBoolean();

    Audited(ServerCall<Q, A> call, String caller, String peer, AuditLog audit) {
      super(call);
      this.caller = caller;
      this.peer = peer;
      this.audit = audit;
    }

    void saw(Object message) {
      if (sessionId.isEmpty()) {
        sessionId = sessionId(message);
      }
    }

    @Override
    public void sendMessage(A message) {
      saw(message);
      super.sendMessage(message);
    }

    /** Writes the call's line once: at its close, or when the client went away first. */
    void record(Status.Code code) {
      if (recorded.compareAndSet(false, true)) {
        audit.record(caller, peer, getMethodDescriptor().getFullMethodName(), sessionId, code.name());
      }
    }

    @Override
    public void close(Status status, Metadata trailers) {
      record(status.getCode());
      super.close(status, trailers);
    }
  }

  private static final class AuditedListener<Q> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final Audited<Q, ?> call;

    AuditedListener(ServerCall.Listener<Q> delegate, Audited<Q, ?> call) {
      super(delegate);
      this.call = call;
    }

    @Override
    public void onMessage(Q message) {
      call.saw(message);
      super.onMessage(message);
    }

    @Override
    public void onCancel() {
      call.record(Status.Code.CANCELLED);
      super.onCancel();
    }
  }
}
