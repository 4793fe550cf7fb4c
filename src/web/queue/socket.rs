//! A WebSocket to the playground server's `/queue` bridge, its events turned into a stream of
//! messages the run awaits one at a time.

use crate::web::js::describe;
use futures::channel::mpsc::{unbounded, UnboundedReceiver, UnboundedSender};
use futures::StreamExt;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{CloseEvent, MessageEvent, WebSocket};

/// What the socket said.
pub enum Incoming {
    Open,
    /// A JSON message that parsed.
    Message(Value),
    /// The socket closed (or failed): why, in words.
    Closed(String),
}

type Handler<E> = Closure<dyn FnMut(E)>;

/// A socket and the handlers feeding its messages to `rx`; closed when dropped.
pub struct Socket {
    ws: WebSocket,
    rx: UnboundedReceiver<Incoming>,
    _handlers: (
        Handler<web_sys::Event>,
        Handler<MessageEvent>,
        Handler<CloseEvent>,
    ),
}

/// `ws://<this origin>/queue` (`wss:` on https), with the join token when there is one.
pub fn bridge_url(token: &str) -> Result<String, String> {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let location = scope.location();
    let scheme = if location.protocol() == "https:" {
        "wss"
    } else {
        "ws"
    };
    let query = if token.is_empty() {
        String::new()
    } else {
        format!("?token={}", js_sys::encode_uri_component(token))
    };
    Ok(format!("{scheme}://{}/queue{query}", location.host()))
}

impl Socket {
    /// Opens a socket to `url` and waits until it is open.
    pub async fn open(url: &str) -> Result<Socket, String> {
        let ws = WebSocket::new(url).map_err(|e| describe(&e))?;
        let (tx, rx) = unbounded();
        let handlers = handlers(&ws, tx);
        let mut socket = Socket {
            ws,
            rx,
            _handlers: handlers,
        };
        match socket.next().await {
            Incoming::Open => Ok(socket),
            Incoming::Message(_) => Err("the bridge spoke before the socket opened".into()),
            Incoming::Closed(why) => Err(why),
        }
    }

    pub async fn next(&mut self) -> Incoming {
        self.rx
            .next()
            .await
            .unwrap_or_else(|| Incoming::Closed("the socket is gone".into()))
    }

    pub fn send(&self, message: &Value) -> Result<(), String> {
        self.ws
            .send_with_str(&message.to_string())
            .map_err(|e| describe(&e))
    }

    /// The socket itself, for a task that answers on it after this handle has moved on.
    pub fn raw(&self) -> WebSocket {
        self.ws.clone()
    }
}

impl Drop for Socket {
    fn drop(&mut self) {
        self.ws.set_onopen(None);
        self.ws.set_onmessage(None);
        self.ws.set_onclose(None);
        let _ = self.ws.close();
    }
}

fn handlers(
    ws: &WebSocket,
    tx: UnboundedSender<Incoming>,
) -> (
    Handler<web_sys::Event>,
    Handler<MessageEvent>,
    Handler<CloseEvent>,
) {
    let (open_tx, message_tx) = (tx.clone(), tx.clone());
    let on_open = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
        let _ = open_tx.unbounded_send(Incoming::Open);
    });
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let text = e.data().as_string().unwrap_or_default();
        if let Ok(value) = serde_json::from_str(&text) {
            let _ = message_tx.unbounded_send(Incoming::Message(value));
        }
    });
    let on_close = Closure::<dyn FnMut(CloseEvent)>::new(move |e: CloseEvent| {
        let why = match (e.code(), e.reason()) {
            (1006, _) => "the connection to the playground server's /queue failed \
                          (no server behind this page?)"
                .to_string(),
            (code, reason) if reason.is_empty() => format!("the bridge closed (code {code})"),
            (code, reason) => format!("the bridge closed (code {code}): {reason}"),
        };
        let _ = tx.unbounded_send(Incoming::Closed(why));
    });
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    (on_open, on_message, on_close)
}
