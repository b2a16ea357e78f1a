//! Where attachment files live: `<data_dir>/attachments` on disk, or an S3-compatible bucket.
//! A file is stored under its attachment id, its thumbnail under `<id>.mini`.

use std::sync::Arc;

use futures::stream::BoxStream;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt as _, PutPayload};

/// The blob store.
#[derive(Debug, Clone)]
pub struct Blobs {
    store: Arc<dyn ObjectStore>,
}

/// A stored file, ready to stream.
pub struct Blob {
    /// Its size in bytes.
    pub size: u64,
    /// Its content.
    pub stream: BoxStream<'static, object_store::Result<bytes::Bytes>>,
}

impl Blobs {
    /// The store the configuration names.
    pub fn open(config: &crate::config::Config) -> Result<Self, String> {
        let store: Arc<dyn ObjectStore> = match &config.attachments_s3_bucket {
            Some(bucket) => {
                let mut builder = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket);
                if let Some(endpoint) = &config.attachments_s3_endpoint {
                    builder = builder
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"))
                        .with_virtual_hosted_style_request(false);
                }
                Arc::new(builder.build().map_err(|e| format!("attachments bucket: {e}"))?)
            }
            None => {
                let dir = config.data_dir.join("attachments");
                std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                Arc::new(
                    object_store::local::LocalFileSystem::new_with_prefix(&dir)
                        .map_err(|e| format!("{}: {e}", dir.display()))?,
                )
            }
        };
        Ok(Self { store })
    }

    /// A store in this directory (tests, backups).
    pub fn in_dir(dir: &std::path::Path) -> Result<Self, String> {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Self { store: Arc::new(store) })
    }

    /// Stores `bytes` under `name`.
    pub async fn put(&self, name: &str, bytes: Vec<u8>) -> object_store::Result<()> {
        self.store.put(&Path::from(name), PutPayload::from(bytes)).await?;
        Ok(())
    }

    /// The file stored under `name`, if any.
    pub async fn get(&self, name: &str) -> object_store::Result<Option<Blob>> {
        match self.store.get(&Path::from(name)).await {
            Ok(found) => Ok(Some(Blob {
                size: found.meta.size,
                stream: found.into_stream(),
            })),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// The whole file stored under `name`, if any (backups; files are at most 10 MiB).
    pub async fn get_bytes(&self, name: &str) -> object_store::Result<Option<bytes::Bytes>> {
        match self.store.get(&Path::from(name)).await {
            Ok(found) => Ok(Some(found.bytes().await?)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Copies every file (thumbnails included) into `target`; how many.
    pub async fn copy_all_to(&self, target: &Blobs) -> object_store::Result<usize> {
        use futures::StreamExt as _;
        let mut listed = self.store.list(None);
        let mut copied = 0;
        while let Some(meta) = listed.next().await {
            let name = meta?.location;
            let bytes = self.store.get(&name).await?.bytes().await?;
            target.store.put(&name, PutPayload::from(bytes)).await?;
            copied += 1;
        }
        Ok(copied)
    }

    /// Deletes a file and its thumbnail (nothing happens for what is not there).
    pub async fn delete(&self, name: &str) -> object_store::Result<()> {
        for path in [name.to_owned(), format!("{name}.mini")] {
            match self.store.delete(&Path::from(path)).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
                Err(error) => return Err(error),
            }
        }
        Ok(())
    }
}
